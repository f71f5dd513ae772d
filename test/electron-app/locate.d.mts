/** Types of locate.mjs (plain Node ESM, the runner's; see there). */
export declare const SKIP_LINE: string;
export declare function findElectron(root: string, env: NodeJS.ProcessEnv): { ok: true; binary: string } | { ok: false; line: string };
export declare function findPackagedApp(root: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null;
export declare function needsVirtualDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean;
export declare function onPath(name: string, env: NodeJS.ProcessEnv): string | null;
