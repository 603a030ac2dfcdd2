import { Notification, nativeImage } from 'electron';
import type { AgentSnapshot } from '../../shared/agent/index.js';
import { noticesFor } from './notification-policy.js';

/**
 * Shows the notices notification-policy.ts decides on, plus the answers to what the user asked
 * for from the tray (which has no window to answer in).
 */
export class Notifier {
  #previous: AgentSnapshot | null = null;
  readonly #popoverVisible: () => boolean;
  readonly #icon: string;

  constructor(options: { popoverVisible: () => boolean; icon: string }) {
    this.#popoverVisible = options.popoverVisible;
    this.#icon = options.icon;
  }

  onSnapshot(snapshot: AgentSnapshot): void {
    const notices = noticesFor(this.#previous, snapshot, {
      popoverVisible: this.#popoverVisible(),
    });
    this.#previous = snapshot;
    for (const notice of notices) this.show(notice.title, notice.body);
  }

  show(title: string, body: string): void {
    if (!Notification.isSupported()) return;
    // A NativeImage, not a path: libnotify cannot read a file inside the asar archive.
    const icon = nativeImage.createFromPath(this.#icon);
    new Notification({ title, body, icon, silent: true }).show();
  }
}
