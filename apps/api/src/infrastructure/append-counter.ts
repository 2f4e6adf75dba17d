import { Counter } from 'prom-client';
import { EventStore } from '@wijkzorg/event-store';

/** Counts the events appended through this app's event store (exposed at /metrics). */
export class AppendCounter {
  readonly counter = new Counter({ name: 'wijkzorg_events_appended_total', help: 'events appended to the event store by this process', registers: [] });

  /** The event store with its appends counted; every other member passes through. */
  counting(events: EventStore): EventStore {
    const counter = this.counter;
    return new Proxy(events, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (property !== 'append') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<EventStore['append']>) => {
          const result = await target.append(...args);
          counter.inc(args[1].length);
          return result;
        };
      },
    });
  }
}
