"use client";

import { useEffect, useRef } from "react";
import type { ChatImage } from "@/lib/chat/types";
import { useMessages } from "@/lib/i18n/client";

export const imageSrc = (image: ChatImage) => `data:${image.mediaType};base64,${image.data}`;

type Props = { image: ChatImage; label: string; onClose: () => void };

/**
 * An image at full size, in a modal <dialog>: focus moves into it, Escape or the Close button or a click beside the
 * image closes it, and focus goes back to the thumbnail that opened it.
 */
export function ImageViewer({ image, label, onClose }: Props) {
  const m = useMessages();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      data-testid="image-viewer"
      aria-label={label}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) ref.current?.close();
      }}
      className="m-auto max-h-[92dvh] max-w-[94vw] overflow-visible bg-transparent p-0 backdrop:bg-zinc-950/80 backdrop:backdrop-blur-sm"
    >
      <div className="flex flex-col items-end gap-2">
        <button
          type="button"
          autoFocus
          data-testid="image-viewer-close"
          onClick={() => ref.current?.close()}
          className="rounded-full bg-white/90 px-3 py-1 text-sm font-medium text-zinc-900 shadow hover:bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
        >
          {m.common.close}
        </button>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL; next/image cannot optimise it */}
        <img src={imageSrc(image)} alt={label} className="max-h-[calc(92dvh-3rem)] max-w-[94vw] rounded-lg object-contain shadow-2xl" />
      </div>
    </dialog>
  );
}
