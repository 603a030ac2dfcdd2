import { describe, expect, it } from 'vitest';
import { AgentRelay } from '../../src/main/electron/agent-relay.js';
import type { AgentSnapshot } from '../../src/shared/agent/index.js';
import { createFakeAgent, makeSnapshot, VNETS } from '../agent/local-api/fake-agent.js';

/**
 * The shell's agent when it moves from a headless agent to its own: listeners follow, and
 * snapshots keep counting up (the preload drops one whose seq is not above the last it showed).
 */
describe('AgentRelay', () => {
  it('moves every subscription to the new agent, which continues the seq count', async () => {
    const headless = createFakeAgent();
    const relay = new AgentRelay(headless);
    const seen: AgentSnapshot[] = [];
    const unsubscribe = relay.api.subscribe((snapshot) => seen.push(snapshot));
    headless.push(makeSnapshot(7));
    expect(seen.map((s) => s.seq)).toEqual([1, 7]);

    const own = createFakeAgent();
    relay.switchTo(own);
    // The new agent's first snapshot (its seq 1) arrives at once, after 7, not before it.
    expect(seen.map((s) => s.seq)).toEqual([1, 7, 8]);
    expect(headless.subscriberCount()).toBe(0);
    own.push(makeSnapshot(2, VNETS[2].id));
    expect(seen.at(-1)).toMatchObject({ seq: 9, attached_vnet_id: VNETS[2].id });
    // A late push from the agent left behind is not shown.
    headless.push(makeSnapshot(8));
    expect(seen).toHaveLength(4);
    unsubscribe();
    expect(own.subscriberCount()).toBe(0);
  });

  it('commands go to the current agent; getState answers are renumbered too', async () => {
    const headless = createFakeAgent();
    const relay = new AgentRelay(headless);
    relay.api.subscribe(() => {});
    headless.push(makeSnapshot(5));
    await relay.api.switchVnet({ vnet: 'vnet-London' });
    expect(headless.calls.map((call) => call.name)).toEqual(['switchVnet']);

    const own = createFakeAgent();
    relay.switchTo(own);
    expect((await relay.api.getState({})).seq).toBe(6);
    expect(own.calls.map((call) => call.name)).toEqual(['getState']);
    expect(headless.calls).toHaveLength(1);
  });

  it('one listener subscribed twice is two subscriptions, each released on its own', () => {
    const agent = createFakeAgent();
    const relay = new AgentRelay(agent);
    const listener = () => {};
    const first = relay.api.subscribe(listener);
    const second = relay.api.subscribe(listener);
    expect(agent.subscriberCount()).toBe(2);
    first();
    expect(agent.subscriberCount()).toBe(1);
    second();
    expect(agent.subscriberCount()).toBe(0);
  });
});
