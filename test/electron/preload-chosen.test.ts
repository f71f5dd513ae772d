// @vitest-environment happy-dom
/**
 * The preload reports the files the person drops or picks (their real paths) to the main
 * process, which reads partner lists only from those or its dialogs' (issue 18, item 9).
 * A File a script makes has no path and is never reported.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHOSEN_FILES_EVENT } from '../../shared/ipc/channels';

const fake = vi.hoisted(() => {
  const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() };
  const contextBridge = { exposeInMainWorld: vi.fn() };
  // files the person chose carry a path; a script's `new File(...)` does not
  const real = new WeakSet<object>();
  const webUtils = { getPathForFile: vi.fn((file: File) => (real.has(file) ? `/home/lead/${file.name}` : '')) };
  return { ipcRenderer, contextBridge, webUtils, real };
});

vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer, webUtils: fake.webUtils }));

beforeAll(async () => {
  await import('../../electron/preload/index');
});

beforeEach(() => fake.ipcRenderer.send.mockClear());

function dropOf(files: File[]): Event {
  const event = new Event('drop', { bubbles: true });
  Object.defineProperty(event, 'dataTransfer', { value: { files } });
  return event;
}

describe('files the person chose', () => {
  it('a real dropped file is reported with its path, before the page handles the drop', () => {
    const file = new File(['Partner,ARR'], 'partners.csv');
    fake.real.add(file);
    const seen: unknown[] = [];
    window.addEventListener('drop', () => seen.push(fake.ipcRenderer.send.mock.calls.length));
    window.dispatchEvent(dropOf([file]));
    expect(fake.ipcRenderer.send).toHaveBeenCalledWith(CHOSEN_FILES_EVENT, ['/home/lead/partners.csv']);
    expect(seen).toEqual([1]);
  });

  it('a file a script made (no path) is never reported', () => {
    window.dispatchEvent(dropOf([new File(['x'], 'id_rsa')]));
    expect(fake.ipcRenderer.send).not.toHaveBeenCalled();
  });

  it('a file picked in a file input is reported; other inputs are not', () => {
    const file = new File(['Partner,ARR'], 'list.xlsx');
    fake.real.add(file);
    const input = document.createElement('input');
    input.type = 'file';
    Object.defineProperty(input, 'files', { value: [file] });
    document.body.append(input);
    input.dispatchEvent(new Event('change', { bubbles: true }));
    expect(fake.ipcRenderer.send).toHaveBeenCalledWith(CHOSEN_FILES_EVENT, ['/home/lead/list.xlsx']);
    fake.ipcRenderer.send.mockClear();
    const text = document.createElement('input');
    document.body.append(text);
    text.dispatchEvent(new Event('change', { bubbles: true }));
    expect(fake.ipcRenderer.send).not.toHaveBeenCalled();
  });
});
