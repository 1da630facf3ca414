import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sekishoApi } from '../api/sekisho-api.js';
import type { FileView, Message, Role, Thread } from '../api/types.js';
import { mergeFile } from './merge-file.js';

/** A change that arrived live, for the page to announce (aria-live) and highlight. */
export interface LiveChange {
  readonly kind: 'file' | 'message';
  readonly event: string;
  readonly name: string;
  readonly id: string;
}

/** The thread as the page shows it, kept current by the server's events. */
export interface ThreadState {
  readonly thread: Thread | null;
  readonly messages: readonly Message[];
  readonly files: readonly FileView[];
  readonly error: Error | null;
  readonly lastChange: LiveChange | null;
  readonly reload: () => void;
  readonly addFile: (file: FileView) => void;
  readonly addMessage: (message: Message) => void;
}

const FILE_EVENTS = ['file.published', 'file.blocked', 'file.failed', 'file.revoked'] as const;

/**
 * Loads one thread and follows `/api/threads/{id}/events`. The company only ever receives
 * published files, and a revoked one is removed; the candidate keeps it, marked revoked.
 * After the EventSource reconnects the thread is loaded again, so nothing missed stays missing.
 */
export function useThread(threadId: string, role: Role): ThreadState {
  const [thread, setThread] = useState<Thread | null>(null);
  const [messages, setMessages] = useState<readonly Message[]>([]);
  const [files, setFiles] = useState<readonly FileView[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [lastChange, setLastChange] = useState<LiveChange | null>(null);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    sekishoApi.thread(threadId).then(
      (loaded) => {
        if (mine !== generation.current) return;
        setThread(loaded);
        setMessages(loaded.messages);
        setFiles(loaded.files);
        setError(null);
      },
      (failure: Error) => mine === generation.current && setError(failure),
    );
  }, [threadId]);

  const addFile = useCallback((file: FileView) => setFiles((current) => mergeFile(current, file)), []);
  const addMessage = useCallback(
    (message: Message) =>
      setMessages((current) => (current.some((m) => m.id === message.id) ? current : [...current, message])),
    [],
  );

  useEffect(() => {
    reload();
    const source = new EventSource(sekishoApi.eventsUrl(threadId), { withCredentials: true });
    let opened = false;
    source.addEventListener('open', () => {
      if (opened) reload();
      opened = true;
    });
    for (const name of FILE_EVENTS) {
      source.addEventListener(name, (event) => {
        const file = JSON.parse((event as MessageEvent<string>).data) as FileView;
        if (name === 'file.revoked' && role !== 'candidate')
          setFiles((current) => current.filter((f) => f.id !== file.id));
        else setFiles((current) => mergeFile(current, file));
        setLastChange({ kind: 'file', event: name, name: file.name, id: file.id });
      });
    }
    source.addEventListener('message.created', (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as Message;
      addMessage(message);
      setLastChange({ kind: 'message', event: 'message.created', name: message.author.name, id: message.id });
    });
    return () => source.close();
  }, [threadId, role, reload, addMessage]);

  return { thread, messages, files, error, lastChange, reload, addFile, addMessage };
}
