import { type KeyboardEvent, type MouseEvent, useLayoutEffect, useRef } from 'react';
import type { VnetEntry } from '../../shared/agent/state.js';
import type { VnetSection } from '../lib/vnet-sections.js';
import { VnetRow } from './VnetRow.js';

interface Props {
  listId: string;
  hintId: string;
  sections: VnetSection[];
  activeId: string | null;
  onActiveChange: (id: string) => void;
  switchingId: string | null;
  onSwitch: (vnet: VnetEntry) => void;
  onToggleFavourite: (vnet: VnetEntry) => void;
  /** ↑ past the first row, or a letter typed on a row: back to the search field. */
  onLeaveTop: (typed?: string) => void;
}

export const optionDomId = (listId: string, vnetId: string) => `${listId}-${vnetId}`;

/**
 * The vnets as a single-select listbox (selected = attached) with a roving tabindex: ↑/↓,
 * Home/End move, Enter or Space switches, F pins, typing goes back to the search field.
 */
export function VnetList(props: Props) {
  const { listId, hintId, sections, activeId, switchingId } = props;
  const order = sections.flatMap((section) => section.vnets);
  const active = order.some((vnet) => vnet.id === activeId) ? activeId : (order[0]?.id ?? null);
  // A switch or a star moves the row to another section, which re-creates it and drops focus
  // to <body>. Remember which row acted, and put focus back once the move lands.
  const refocus = useRef<string | null>(null);
  useLayoutEffect(() => {
    const id = refocus.current;
    if (id === null) return;
    const focused = document.activeElement;
    if (focused !== null && focused !== document.body) return;
    refocus.current = null;
    document.getElementById(optionDomId(listId, id))?.focus();
  });

  const moveTo = (index: number) => {
    const target = order[Math.max(0, Math.min(order.length - 1, index))];
    if (!target) return;
    props.onActiveChange(target.id);
    document.getElementById(optionDomId(listId, target.id))?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const index = order.findIndex((vnet) => vnet.id === active);
    const current = order[index];
    switch (event.key) {
      case 'ArrowDown':
        moveTo(index + 1);
        break;
      case 'ArrowUp':
        if (index <= 0) props.onLeaveTop();
        else moveTo(index - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(order.length - 1);
        break;
      case 'Enter':
      case ' ':
        if (current) {
          refocus.current = current.id;
          props.onSwitch(current);
        }
        break;
      case 'f':
      case 'F':
        if (current) {
          refocus.current = current.id;
          props.onToggleFavourite(current);
        }
        break;
      default:
        if (event.key.length === 1 && event.key !== '/') {
          props.onLeaveTop(event.key);
          break;
        }
        return;
    }
    event.preventDefault();
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('[role="option"]');
    const vnet = order.find((entry) => entry.id === row?.dataset.vnetId);
    if (!vnet) return;
    props.onActiveChange(vnet.id);
    // Only a row that has focus gets it back after a move (a pointer click focuses the row).
    if (row !== null && document.activeElement === row) refocus.current = vnet.id;
    if (target.closest('[data-star]')) props.onToggleFavourite(vnet);
    else props.onSwitch(vnet);
  };

  const flat = sections.length === 1 && sections[0]?.id === 'results';
  const rows = (vnets: VnetEntry[]) =>
    vnets.map((vnet) => (
      <VnetRow
        key={vnet.id}
        vnet={vnet}
        optionId={optionDomId(listId, vnet.id)}
        active={vnet.id === active}
        switching={vnet.id === switchingId}
        hintId={hintId}
      />
    ));

  return (
    <div
      id={listId}
      role="listbox"
      className="vnet-list"
      aria-label={flat ? 'Matching virtual networks' : 'Virtual networks'}
      hidden={order.length === 0}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onFocus={(event) => {
        // Focus went to something in the list on purpose: nothing to restore.
        // The focused row is the active one, however it got focus (arrows, Tab, a click).
        const id = (event.target as HTMLElement).dataset.vnetId;
        if (event.target.getAttribute('role') !== 'option' || id === undefined) return;
        refocus.current = null;
        if (id !== active) props.onActiveChange(id);
      }}
    >
      {flat
        ? rows(sections[0]?.vnets ?? [])
        : sections.map((section) => (
            // biome-ignore lint/a11y/useSemanticElements: an option group of a listbox, not a form fieldset
            <div
              key={section.id}
              role="group"
              className="vnet-list__group"
              aria-labelledby={`${listId}-${section.id}`}
              data-section={section.id}
            >
              <div id={`${listId}-${section.id}`} className="vnet-list__title" role="presentation">
                {section.title}
              </div>
              {rows(section.vnets)}
            </div>
          ))}
    </div>
  );
}
