/** Handlers that each send one fixed file: the portal serves assets by name from a list, never from a folder. */
import path from 'node:path';
import type { RequestHandler } from 'express';

/** A handler per name of `files` (name → content type), each sending `folder/name` with `maxAge` (ms or a string). */
export function fixedFileHandlers(folder: string, files: Readonly<Record<string, string>>, maxAge: number | string): Array<[name: string, handler: RequestHandler]> {
  return Object.entries(files).map(([name, type]) => {
    const file = path.join(folder, name);
    const handler: RequestHandler = (_request, response, next) => {
      response.type(type);
      response.sendFile(file, { maxAge, dotfiles: 'deny' }, (error) => {
        if (error && !response.headersSent) next(error);
      });
    };
    return [name, handler];
  });
}
