"use client";

import type { DraftImage } from "@/lib/chat/client/prepare-image";
import { useMessages } from "@/lib/i18n/client";
import { imageSrc } from "./image-viewer";

/** The draft's images as thumbnails, each with a button that removes it. */
export function ComposerImages({ images, onRemove }: { images: readonly DraftImage[]; onRemove: (id: string) => void }) {
  const m = useMessages().chat.images;
  return (
    <ul data-testid="composer-images" aria-label={m.attached} className="flex flex-wrap gap-2 px-1.5 pt-1.5">
      {images.map((image) => (
        <li key={image.id} data-testid="composer-image" className="relative">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL; next/image cannot optimise it */}
          <img
            src={imageSrc(image)}
            alt={image.name}
            title={m.thumbnailTitle(image.name, image.width, image.height)}
            className="size-16 rounded-xl border border-zinc-200 object-cover dark:border-zinc-700"
          />
          <button
            type="button"
            data-testid="remove-image"
            onClick={() => onRemove(image.id)}
            aria-label={m.remove(image.name)}
            className="absolute -top-1.5 -right-1.5 grid size-6 place-items-center rounded-full border-2 border-white bg-zinc-800 text-white shadow-sm hover:bg-zinc-950 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent-500 dark:border-zinc-900 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
          >
            <svg aria-hidden viewBox="0 0 12 12" className="size-3" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
              <path d="M3 3l6 6M9 3l-6 6" />
            </svg>
          </button>
        </li>
      ))}
    </ul>
  );
}
