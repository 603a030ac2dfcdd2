import {
  type AgentApi,
  type AgentCall,
  type AgentSnapshot,
  agentApiFrom,
} from '../../shared/agent/index.js';

type AnyCommand = (request: unknown) => Promise<unknown>;

/**
 * The one `AgentApi` the tray, the popover's IPC and notifications hold, relaying to whichever
 * agent serves this user now: the app's own, or a headless one it is a front of, and the app's
 * own again once that one stops. Subscriptions move with the target. Each agent counts `seq`
 * from 1, and fronts drop a snapshot older than the last they showed, so the relay renumbers:
 * a new target's snapshots continue after the last one relayed.
 */
export class AgentRelay {
  readonly api: AgentApi;
  #target: AgentApi;
  #offset = 0;
  #lastSeq = 0;
  /** Bumped on every switch: answers and pushes from an earlier target are told apart by it. */
  #generation = 0;
  readonly #subscriptions = new Map<
    (snapshot: AgentSnapshot) => void,
    { unsubscribe: () => void }
  >();

  constructor(target: AgentApi) {
    this.#target = target;
    const relay: AgentCall = async (name, request) => {
      const target = this.#target;
      const generation = this.#generation;
      const offset = this.#offset;
      const answer = await (target[name] as AnyCommand).call(target, request);
      if (name !== 'getState') return answer;
      return this.#renumber(answer as AgentSnapshot, offset, generation);
    };
    this.api = agentApiFrom(relay, { subscribe: (listener) => this.#subscribe(listener) });
  }

  /** Relays to `target` from now on; every listener gets its current snapshot at once. */
  switchTo(target: AgentApi): void {
    this.#target = target;
    this.#generation += 1;
    this.#offset = this.#lastSeq;
    for (const [listener, subscription] of this.#subscriptions) {
      subscription.unsubscribe();
      subscription.unsubscribe = this.#listen(listener);
    }
  }

  #renumber(snapshot: AgentSnapshot, offset: number, generation: number): AgentSnapshot {
    const seq = snapshot.seq + offset;
    if (generation === this.#generation) this.#lastSeq = Math.max(this.#lastSeq, seq);
    return offset === 0 ? snapshot : { ...snapshot, seq };
  }

  #listen(listener: (snapshot: AgentSnapshot) => void): () => void {
    const generation = this.#generation;
    const offset = this.#offset;
    return this.#target.subscribe((snapshot) => {
      // A late push from a target already left behind would show the old agent again.
      if (generation !== this.#generation) return;
      listener(this.#renumber(snapshot, offset, generation));
    });
  }

  #subscribe(listener: (snapshot: AgentSnapshot) => void): () => void {
    // The same function twice is two subscriptions; a wrapper keeps them apart.
    const own = (snapshot: AgentSnapshot) => listener(snapshot);
    const subscription = { unsubscribe: () => {} };
    this.#subscriptions.set(own, subscription);
    subscription.unsubscribe = this.#listen(own);
    return () => {
      subscription.unsubscribe();
      this.#subscriptions.delete(own);
    };
  }
}
