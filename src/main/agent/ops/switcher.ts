import { randomUUID } from 'node:crypto';
import {
  AgentError,
  type EgressSnapshot,
  type HistoryEntry,
  type SwitchRequest,
  type SwitchResult,
  type Verification,
} from '../../../shared/agent/index.js';
import type { ResolveResult } from '../../../shared/api/index.js';
import { egressSnapshotOf } from '../connectivity/sync.js';
import { withHistoryEntry, withRecentUse } from '../history-log.js';
import type { Session } from '../session/session.js';
import type { KnownVnet } from '../settings/persisted-settings.js';
import type { OperationDeps } from './operation-deps.js';
import { verifyEgress } from './verify.js';
import { vnetTarget } from './vnet-target.js';

/**
 * Switching, with "the last request wins":
 * - every switch takes a ticket; only the newest ticket may publish its result;
 * - the server-side attach (PATCH) of each switch waits for the previous one's PATCH to settle
 *   and is skipped when a newer switch arrived meanwhile, so the server ends on the newest
 *   target too, whatever order answers come back in;
 * - a replaced switch rejects with `AgentError('superseded')` — it never reports success for a
 *   vnet the device is not on — and leaves the state to the newer switch.
 * A switch while offline fails at once with `control_api_unreachable` and changes nothing.
 */
export class Switcher {
  readonly #deps: OperationDeps;
  #latest = 0;
  #attachChain: Promise<void> = Promise.resolve();

  constructor(deps: OperationDeps) {
    this.#deps = deps;
  }

  async switchVnet(request: SwitchRequest): Promise<SwitchResult> {
    const { state, link, clock } = this.#deps;
    const startedAt = clock.now();
    const session = link.session();
    const target = await vnetTarget(state, link, request.vnet);
    const ticket = ++this.#latest;
    state.epoch += 1;
    const at = new Date(startedAt).toISOString();
    const from = this.#attachedRef();
    state.commit({
      status: {
        status: 'switching',
        switching: { vnet_id: target.id, vnet_name: target.name, started_at: at },
      },
    });
    let resolution: ResolveResult;
    try {
      await this.#attach(ticket, session, target);
      resolution = await session.deviceClient.resolve({ explain: true });
      // The local proxy decides as this answer did from the moment the switch is published.
      await this.#deps.dataPlane.catchUp(session, resolution.config_version);
      this.#assertLatest(ticket, target);
    } catch (error) {
      if (ticket !== this.#latest) throw superseded(target);
      const failure = await link.failure(error);
      if (state.model.status.status === 'switching') {
        state.commit({ status: { status: 'connected' } });
      }
      throw failure;
    }
    const { entry, egress } = this.#publish(request, resolution, target, from, at, startedAt);
    const wantVerify = request.verify ?? state.model.settings.preferences.verify_after_switch;
    let verification: Verification | null = null;
    if (wantVerify) verification = await verifyEgress(this.#deps, egress);
    return { egress, verification, duration_ms: entry.duration_ms };
  }

  /** The PATCH, one at a time, and only for the newest switch. */
  async #attach(ticket: number, session: Session, target: KnownVnet): Promise<void> {
    const previous = this.#attachChain;
    let release = () => {};
    this.#attachChain = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      this.#assertLatest(ticket, target);
      await session.deviceClient.attachDevice(session.device.id, target.id);
    } finally {
      release();
    }
  }

  #assertLatest(ticket: number, target: KnownVnet): void {
    if (ticket !== this.#latest) throw superseded(target);
  }

  #attachedRef(): HistoryEntry['from'] {
    const { settings } = this.#deps.state.model;
    const id = settings.attached_vnet_id;
    if (!id) return null;
    const name = settings.known_vnets.find((vnet) => vnet.id === id)?.name ?? id;
    return { id, name };
  }

  #publish(
    request: SwitchRequest,
    resolution: ResolveResult,
    target: KnownVnet,
    from: HistoryEntry['from'],
    at: string,
    startedAt: number,
  ): { entry: HistoryEntry; egress: EgressSnapshot } {
    const { state, clock } = this.#deps;
    const { settings, configVersion } = state.model;
    const resolvedAt = clock.now();
    const entry: HistoryEntry = {
      id: randomUUID(),
      at,
      origin: request.origin ?? 'api',
      from,
      to: { id: target.id, name: target.name },
      egress: resolution.egress,
      decided_by: resolution.decided_by.summary,
      fallback_used: resolution.fallback.used,
      duration_ms: Math.max(0, resolvedAt - startedAt),
      verification: null,
    };
    const used = from && from.id !== target.id ? [target.id, from.id] : [target.id];
    const egress = egressSnapshotOf(
      { ...resolution, vnet_id: resolution.vnet_id ?? target.id },
      target.name,
      new Date(resolvedAt).toISOString(),
    );
    state.commit({
      status: { status: 'connected' },
      fresh: true,
      configVersion: Math.max(configVersion ?? 0, resolution.config_version),
      settings: {
        attached_vnet_id: target.id,
        last_egress: egress,
        history: withHistoryEntry(settings.history, entry),
        recents: withRecentUse(settings.recents, used, at),
      },
    });
    return { entry, egress };
  }
}

function superseded(target: KnownVnet): AgentError {
  return new AgentError(
    'superseded',
    `the switch to ${target.name} was replaced by a newer switch before it completed`,
  );
}
