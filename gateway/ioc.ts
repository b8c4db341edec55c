/**
 * tsoa's IoC hook. tsoa keeps a response's status and headers on the controller instance (`setStatus`,
 * `setHeader`), so a controller shared between requests leaks one request's `Location` into another's answer and
 * mixes statuses under concurrency. Every request therefore gets its own controller, made by a factory that closes
 * over the gateway instance's services (adapters, clients, config): cheap, and no module-level singletons.
 * The registry lives on `app.locals`, so two gateways in one process (tests, benchmarks) stay apart.
 */
import type { Request } from 'express';
import type { IocContainer, IocContainerFactory, ServiceIdentifier } from '@tsoa/runtime';
import { applyTsoaArrayPathFix } from './tsoa-array-paths';

// Every generated route module imports this one: its validation names fields inside arrays by their whole path.
applyTsoaArrayPathFix();

/** Makes a fresh controller for one request. */
export type ControllerFactory = () => object;

export class ControllerRegistry implements IocContainer {
  private readonly byClass = new Map<Function, ControllerFactory>();

  constructor(factories: Iterable<ControllerFactory>) {
    for (const factory of factories) {
      const type = factory().constructor;
      if (this.byClass.has(type)) throw new Error(`controller ${type.name} registered twice`);
      this.byClass.set(type, factory);
    }
  }

  get<T>(controller: ServiceIdentifier<T>): T {
    const factory = typeof controller === 'function' ? this.byClass.get(controller) : undefined;
    if (!factory) throw new Error(`controller ${String(typeof controller === 'function' ? controller.name : controller)} is not registered`);
    return factory() as T;
  }
}

export const CONTROLLERS_LOCAL = 'controllers';

export const iocContainer: IocContainerFactory = (request: unknown) => {
  const registry = (request as Request).app.locals[CONTROLLERS_LOCAL] as ControllerRegistry | undefined;
  if (!registry) throw new Error('no controller registry on this app');
  return registry;
};
