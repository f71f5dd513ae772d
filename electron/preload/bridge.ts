/**
 * The name the preload script exposes its API under (`window.tierscape`). The API's type,
 * `TierscapeBridge`, is part of the IPC contract: shared/ipc/bridge.ts. Kept apart from
 * index.ts so that nothing here pulls Electron's (and Node's) declarations in.
 */

/** The global the bridge is exposed as: `window.tierscape`. */
export const BRIDGE_KEY = 'tierscape';
