"use client";

import { useState } from "react";
import type { ChatImage } from "@/lib/chat/types";
import { useMessages } from "@/lib/i18n/client";
import { ImageViewer, imageSrc } from "./image-viewer";

/** The images of a user message: thumbnails that open the full image. */
export function MessageImages({ images }: { images: readonly ChatImage[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const m = useMessages().chat.images;
  const label = (index: number) => (images.length === 1 ? m.one : m.nth(index + 1, images.length));
  return (
    <>
      <ul className={`flex flex-wrap justify-end gap-1.5 ${images.length > 1 ? "max-w-[min(100%,19rem)]" : ""}`} aria-label={m.listLabel}>
        {images.map((image, index) => (
          <li key={index}>
            <button
              type="button"
              data-testid="message-image"
              aria-label={m.enlarge(label(index))}
              onClick={() => setOpen(index)}
              className="block overflow-hidden rounded-xl border border-zinc-200 bg-zinc-100 transition-opacity hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-500 dark:border-zinc-700 dark:bg-zinc-800"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL; next/image cannot optimise it */}
              <img
                src={imageSrc(image)}
                alt=""
                className={images.length === 1 ? "max-h-64 w-auto max-w-full object-contain sm:max-h-80" : "size-28 object-cover sm:size-36"}
              />
            </button>
          </li>
        ))}
      </ul>
      {open !== null && images[open] ? <ImageViewer image={images[open]} label={label(open)} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
