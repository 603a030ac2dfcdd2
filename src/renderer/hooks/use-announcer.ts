import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import { announcementFor } from '../lib/announcements.js';

export interface Announcement {
  text: string;
  /** Changes on every announcement, so the same words are read again when repeated. */
  key: number;
}

/**
 * What the live region says: the snapshot's notable changes (switches, offline, verification),
 * plus whatever a component announces itself (e.g. "Copied").
 */
export function useAnnouncer(snapshot: AgentSnapshot | null) {
  const [announcement, setAnnouncement] = useState<Announcement>({ text: '', key: 0 });
  const previous = useRef<AgentSnapshot | null>(null);
  const announce = useCallback((text: string) => {
    setAnnouncement((current) => ({ text, key: current.key + 1 }));
  }, []);
  useEffect(() => {
    if (snapshot === null) return;
    const text = announcementFor(previous.current, snapshot);
    previous.current = snapshot;
    if (text) announce(text);
  }, [snapshot, announce]);
  return { announcement, announce };
}
