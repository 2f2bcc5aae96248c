import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from './api.js';

export const POLL_MS = 2000;

/** What every panel needs from the signed-in page: may it write, and how to end the session. */
export interface SessionContext {
  readonly canWrite: boolean;
  readonly signOut: (reason?: string) => void;
}

export const Session = createContext<SessionContext>({ canWrite: false, signOut: () => undefined });

/** A write button: disabled for a read-only key (the gateway would refuse the write anyway). */
export function WriteButton(props: { readonly onClick?: () => void; readonly type?: 'button' | 'submit'; readonly danger?: boolean; readonly disabled?: boolean; readonly title?: string | undefined; readonly action?: string; readonly id?: string; readonly children: ComponentChildren }) {
  const { canWrite } = useContext(Session);
  return (
    <button type={props.type ?? 'button'} id={props.id} class={props.danger === true ? 'write danger' : 'write'} data-action={props.action} title={props.title} disabled={!canWrite || props.disabled === true} onClick={props.onClick}>
      {props.children}
    </button>
  );
}

export interface Note {
  readonly text: string;
  readonly error: boolean;
}

/** A panel's status line; a refused key (401) signs out instead of showing an error. */
export function useNote(): [Note, (text: string) => void, (err: unknown) => void] {
  const { signOut } = useContext(Session);
  const [note, setNote] = useState<Note>({ text: '', error: false });
  const fail = (err: unknown): void => {
    if (err instanceof ApiError && err.status === 401) signOut('The gateway no longer accepts this key.');
    else setNote({ text: messageOf(err), error: true });
  };
  return [note, (text) => setNote({ text, error: false }), fail];
}

export function Message(props: { readonly id: string; readonly note: Note }) {
  return (
    <p id={props.id} class={props.note.error ? 'message error' : 'message'} role="status">
      {props.note.text}
    </p>
  );
}

/**
 * Calls `load` now and then every `everyMs` after the previous call finished (a slow gateway never
 * gets calls piled up), until the component goes away. `0`: once. Returns a function to load again now.
 */
export function usePoll(load: () => Promise<void>, everyMs: number, onError: (err: unknown) => void): () => Promise<void> {
  const latest = useRef(load);
  latest.current = load;
  const fail = useRef(onError);
  fail.current = onError;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        await latest.current();
      } catch (err) {
        if (live) fail.current(err);
      }
      if (live && everyMs > 0) timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [everyMs]);
  return async () => {
    try {
      await latest.current();
    } catch (err) {
      fail.current(err);
    }
  };
}

export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

export function ms(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
}
