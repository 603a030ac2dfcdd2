import type { Logger } from 'pino';
import type { AgentSnapshot } from '../../shared/agent/index.js';
import type { AgentModel } from './agent-model.js';
import type { SettingsStore } from './ports/settings-store.js';
import type { PersistedSettings } from './settings/persisted-settings.js';
import { buildSnapshot, deepFreeze } from './snapshot-builder.js';
import { transition } from './status-machine.js';

type Listener = (snapshot: AgentSnapshot) => void;

export type ModelChange = Partial<Omit<AgentModel, 'settings'>> & {
  settings?: Partial<PersistedSettings>;
};

/**
 * The single owner of the agent's model. Every change goes through `commit`, which checks the
 * status transition, and — when something a front can see changed — bumps `seq` and publishes
 * one frozen snapshot. Settings are written through the store once per turn of the event loop,
 * so a burst of changes costs one write and never delays a publish.
 */
export class AgentState {
  /** Bumped when a switch starts: a resolve begun before it must not overwrite its result. */
  epoch = 0;
  #model: AgentModel;
  #seq = 0;
  #snapshot: AgentSnapshot;
  #snapshotKey: string;
  readonly #listeners = new Set<Listener>();
  readonly #store: SettingsStore;
  readonly #logger: Logger;
  #saveScheduled: ReturnType<typeof setImmediate> | undefined;

  constructor(model: AgentModel, store: SettingsStore, logger: Logger) {
    this.#model = model;
    this.#store = store;
    this.#logger = logger;
    this.#snapshot = deepFreeze(buildSnapshot(0, model));
    this.#snapshotKey = keyOf(this.#snapshot);
  }

  get model(): Readonly<AgentModel> {
    return this.#model;
  }

  get snapshot(): AgentSnapshot {
    return this.#snapshot;
  }

  commit(change: ModelChange): AgentSnapshot {
    const previous = this.#model;
    const status = change.status ? transition(previous.status, change.status) : previous.status;
    const settings = change.settings
      ? { ...previous.settings, ...change.settings }
      : previous.settings;
    this.#model = { ...previous, ...change, status, settings };
    if (settings !== previous.settings) this.#scheduleSave();
    const next = buildSnapshot(this.#seq + 1, this.#model);
    const key = keyOf(next);
    if (key === this.#snapshotKey) return this.#snapshot;
    this.#seq += 1;
    this.#snapshot = deepFreeze(next);
    this.#snapshotKey = key;
    for (const listener of [...this.#listeners]) this.#notify(listener);
    return this.#snapshot;
  }

  /** Calls `listener` with the current snapshot now, then with every new one. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    this.#notify(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Writes pending settings now (on stop). */
  flush(): void {
    if (this.#saveScheduled === undefined) return;
    clearImmediate(this.#saveScheduled);
    this.#save();
  }

  #notify(listener: Listener): void {
    try {
      listener(this.#snapshot);
    } catch (error) {
      this.#logger.error({ err: error }, 'a snapshot listener threw');
    }
  }

  #scheduleSave(): void {
    this.#saveScheduled ??= setImmediate(() => this.#save());
  }

  #save(): void {
    this.#saveScheduled = undefined;
    try {
      this.#store.save(this.#model.settings);
    } catch (error) {
      this.#logger.error({ err: error }, 'could not save the settings');
    }
  }
}

/** Snapshots compare by content, `seq` aside. */
function keyOf(snapshot: AgentSnapshot): string {
  return JSON.stringify({ ...snapshot, seq: 0 });
}
