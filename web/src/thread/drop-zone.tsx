import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';

/** Props of `DropZone`. */
export interface DropZoneProps {
  readonly onFiles: (files: File[]) => void;
  readonly children: ComponentChildren;
}

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Wraps the timeline so that files dropped anywhere on it are attached. Dropping is a pointer
 * shortcut only: the Attach button in the composer is the keyboard way to do the same thing.
 */
export function DropZone({ onFiles, children }: DropZoneProps) {
  const { t } = useI18n();
  const [active, setActive] = useState(false);
  const zone = useRef<HTMLDivElement>(null);
  const latestOnFiles = useRef(onFiles);
  latestOnFiles.current = onFiles;

  useEffect(() => {
    const element = zone.current;
    if (!element) return;
    // dragenter/dragleave fire for every child crossed; count them to know when the drag really left.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setActive(true);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setActive(false);
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      depth = 0;
      setActive(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length > 0) latestOnFiles.current(files);
    };
    element.addEventListener('dragenter', enter);
    element.addEventListener('dragover', over);
    element.addEventListener('dragleave', leave);
    element.addEventListener('drop', drop);
    return () => {
      element.removeEventListener('dragenter', enter);
      element.removeEventListener('dragover', over);
      element.removeEventListener('dragleave', leave);
      element.removeEventListener('drop', drop);
    };
  }, []);

  return (
    <div ref={zone} class={active ? 'drop-zone drop-zone--active' : 'drop-zone'}>
      {children}
      {active && (
        <div class="drop-zone__overlay" aria-hidden="true">
          <span>{t('dropNow')}</span>
        </div>
      )}
    </div>
  );
}
