/**
 * tsoa's IoC hook. Controllers are built per gateway instance (each with its own adapters, clients and config) and
 * kept on `app.locals`, so two gateways in one process (tests, benchmarks) never share a module-level singleton.
 */
import type { Request } from 'express';
import type { IocContainer, IocContainerFactory, ServiceIdentifier } from '@tsoa/runtime';

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

  get<T>(controller: ServiceIdentifier<T>): T {
    const instance = typeof controller === 'function' ? this.byClass.get(controller) : undefined;
    if (!instance) throw new Error(`controller ${String(typeof controller === 'function' ? controller.name : controller)} is not registered`);
    return instance as T;
  }
}

export const CONTROLLERS_LOCAL = 'controllers';

export const iocContainer: IocContainerFactory = (request: unknown) => {
  const registry = (request as Request).app.locals[CONTROLLERS_LOCAL] as ControllerRegistry | undefined;
  if (!registry) throw new Error('no controller registry on this app');
  return registry;
};
