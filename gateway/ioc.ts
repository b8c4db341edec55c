/**
 * tsoa's IoC hook. Controllers are built per gateway instance (each with its own adapters, clients and config) and
 * kept on `app.locals`, so two gateways in one process (tests, benchmarks) never share a module-level singleton.
 */
import type { Request } from 'express';
import type { IocContainer, IocContainerFactory } from '@tsoa/runtime';

export class ControllerRegistry implements IocContainer {
  private readonly byClass = new Map<Function, object>();

  constructor(controllers: Iterable<object>) {
    for (const controller of controllers) {
      if (this.byClass.has(controller.constructor)) {
        throw new Error(`controller ${controller.constructor.name} registered twice`);
      }
      this.byClass.set(controller.constructor, controller);
    }
  }

  get<T>(controller: { prototype: T }): T {
    const instance = this.byClass.get(controller as unknown as Function);
    if (!instance) throw new Error(`controller ${(controller as unknown as Function).name} is not registered`);
    return instance as T;
  }
}

export const CONTROLLERS_LOCAL = 'controllers';

export const iocContainer: IocContainerFactory = (request: unknown) => {
  const registry = (request as Request).app.locals[CONTROLLERS_LOCAL] as ControllerRegistry | undefined;
  if (!registry) throw new Error('no controller registry on this app');
  return registry;
};
