// Images in messages, in Chromium against the production build and the local Letta server: pasted, dropped and
// picked images go to Letta as image parts (its offline model names each one's kind and size), show in the
// thread, after a reload and in the admin's read-only view; refused files say why and the draft is kept.
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./helpers/a11y";
import { base64, elfExecutable, goodImages, oversizePng, pngClaiming } from "../tests/helpers/images";
import { createUser } from "./helpers/db";
import { historyOf, openChat, questions, replies, signInContext, waitForReplies, watchConsole } from "./helpers/chat-page";
import { signInWithForm } from "./helpers/session";

type FileSpec = { name: string; mimeType: string; data: string };
const spec = (name: string, mimeType: string, bytes: Uint8Array): FileSpec => ({ name, mimeType, data: base64(bytes) });

/** Pastes files into the composer as a screenshot paste does (a ClipboardEvent carrying a DataTransfer of files). */
async function paste(page: Page, files: FileSpec[]) {
  await page.getByTestId("composer-input").evaluate((input, specs) => {
    const transfer = new DataTransfer();
    for (const f of specs) transfer.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: f.mimeType }));
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** Drags files over the composer and drops them. */
async function drop(page: Page, files: FileSpec[]) {
  const transfer = await page.evaluateHandle((specs) => {
    const t = new DataTransfer();
    for (const f of specs) t.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: f.mimeType }));
    return t;
  }, files);
  await page.getByTestId("composer").dispatchEvent("dragover", { dataTransfer: transfer });
  await page.getByTestId("composer").dispatchEvent("drop", { dataTransfer: transfer });
}

/** A PNG drawn by the page's canvas (a wide screenshot, over the 2,048 px the composer scales down to). */
async function canvasPng(page: Page, width: number, height: number): Promise<Buffer> {
  const data = await page.evaluate(async ([w, h]) => {
    const canvas = document.createElement("canvas");
    canvas.width = w!;
    canvas.height = h!;
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#0ea5e9";
    g.fillRect(0, 0, w!, h!);
    g.fillStyle = "#f8fafc";
    g.fillRect(w! / 4, h! / 4, w! / 2, h! / 2);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/png"));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, [width, height]);
  return Buffer.from(data, "base64");
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

test("paste, drop and pick images, send them, see them after a reload and in the admin's view", async ({ page, context, baseURL, browser }) => {
  test.setTimeout(90_000); // two people, two schemes, a reload and three axe runs
  const errors = watchConsole(page);
  const user = await signInContext(context, baseURL!);
  await openChat(page);

  await paste(page, [spec("screenshot.png", "image/png", goodImages.png.bytes)]);
  await drop(page, [spec("photo.jpg", "image/jpeg", goodImages.jpeg.bytes)]);
  const wide = await canvasPng(page, 3000, 1000);
  await page.getByTestId("attach-input").setInputFiles({ name: "wide.png", mimeType: "image/png", buffer: wide });
  await expect(page.getByTestId("composer-image")).toHaveCount(3);
  await expect(page.getByTestId("image-error")).toBeEmpty();
  // Each thumbnail has a remove button named after its file.
  await expect(page.getByRole("button", { name: "Remove photo.jpg" })).toBeVisible();

  await page.getByTestId("composer-input").fill("What is in these pictures?");
  await page.screenshot({ path: test.info().outputPath("composer-light.png") });
  await page.getByTestId("send-button").click();
  await expect(page.getByTestId("composer-image")).toHaveCount(0);
  await waitForReplies(page, 1);

  // Letta got three image parts: the offline model names each, the wide one scaled to 2,048 px.
  const reply = (await replies(page).first().textContent()) ?? "";
  expect(reply).toContain(`I see 3 images: PNG, 800×600, ${kb(goodImages.png.bytes.length)}; JPEG, 640×480, ${kb(goodImages.jpeg.bytes.length)}; PNG, 2048×683,`);
  await expect(questions(page).first().getByTestId("message-image")).toHaveCount(3);
  await expect(questions(page).first()).toContainText("What is in these pictures?");
  await page.screenshot({ path: test.info().outputPath("message-light.png") });

  // Click to enlarge; Escape closes and gives focus back to the thumbnail.
  await questions(page).first().getByTestId("message-image").nth(1).click();
  const viewer = page.getByTestId("image-viewer");
  await expect(viewer).toBeVisible();
  await expect(viewer).toHaveAccessibleName("Attached image 2 of 3");
  await expect(page.getByTestId("image-viewer-close")).toBeFocused();
  await page.screenshot({ path: test.info().outputPath("viewer-light.png") });
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(viewer).toHaveCount(0);
  await expect(questions(page).first().getByTestId("message-image").nth(1)).toBeFocused();
  // Keyboard only: Enter on a thumbnail opens it too.
  await page.keyboard.press("Enter");
  await expect(viewer).toBeVisible();
  await page.getByTestId("image-viewer-close").press("Enter");
  await expect(viewer).toHaveCount(0);

  // The history carries the images; a reload shows them again.
  const stored = (await historyOf(page)).find((item) => item.kind === "user") as { images?: Array<{ mediaType: string }> } | undefined;
  expect(stored?.images?.map((image) => image.mediaType)).toEqual(["image/png", "image/jpeg", "image/png"]);
  await page.reload();
  await expect(questions(page).first().getByTestId("message-image")).toHaveCount(3);
  await expect(page.locator('[data-testid="message-image"] img').first()).toHaveJSProperty("naturalWidth", 800);

  // Dark and narrow.
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/dark/);
  await paste(page, [spec("screenshot.png", "image/png", goodImages.png.bytes), spec("dot.gif", "image/gif", goodImages.gif.bytes)]);
  await expect(page.getByTestId("composer-image")).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath("chat-dark.png") });
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.screenshot({ path: test.info().outputPath("chat-375-dark.png") });
  await questions(page).first().getByTestId("message-image").first().click();
  await expect(page.getByTestId("image-viewer")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("viewer-375-dark.png") });
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("image-viewer")).toHaveCount(0);
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: test.info().outputPath("chat-375-light.png") });
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);

  // The admin's read-only view shows them too.
  const admin = await createUser({ role: "ADMIN", name: "Ines Images" });
  const adminContext = await browser.newContext({ baseURL });
  const adminPage = await adminContext.newPage();
  await signInWithForm(adminPage, admin.email, admin.password);
  await adminPage.goto(`/admin/users/${user.id}`);
  const thread = adminPage.getByTestId("admin-thread");
  await expect(thread.getByTestId("message-image")).toHaveCount(3);
  await thread.getByTestId("message-image").first().click();
  await expect(adminPage.getByTestId("image-viewer")).toBeVisible();
  await adminPage.keyboard.press("Escape");
  await expect(adminPage.getByTestId("image-viewer")).toHaveCount(0);
  await adminContext.close();
});

test("refused files say why, in the browser and on the server, and the draft keeps its text and images", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  await page.getByTestId("composer-input").fill("Keep these words");

  // In the browser: by content, whatever the name says.
  await page.getByTestId("attach-input").setInputFiles([
    { name: "photo.png", mimeType: "image/png", buffer: elfExecutable() },
    { name: "tiny.png", mimeType: "image/png", buffer: pngClaiming(50_000, 1) },
    // Over the 25 MB the composer takes in to scale (a file of 5 to 25 MB is scaled first, see the next test).
    { name: "huge.png", mimeType: "image/png", buffer: Buffer.concat([goodImages.png.bytes, Buffer.alloc(26 * 1024 * 1024)]) },
  ]);
  const error = page.getByTestId("image-error");
  await expect(error).toContainText("photo.png is not a PNG, JPEG, WebP or GIF image.");
  await expect(error).toContainText("tiny.png is too large (50,000 × 1 px)");
  await expect(error).toContainText("huge.png is larger than 25 MB, too large to scale down here.");
  await expect(page.getByTestId("composer-image")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("refused-light.png") });

  // Five at once: four are kept, the fifth is refused.
  const five = ["a", "b", "c", "d", "e"].map((n) => ({ name: `${n}.webp`, mimeType: "image/webp", buffer: goodImages.webp.bytes }));
  await page.getByTestId("attach-input").setInputFiles(five);
  await expect(page.getByTestId("composer-image")).toHaveCount(4);
  await expect(error).toHaveText("You can attach at most 4 images to a message.");
  await expect(page.getByTestId("attach-button")).toBeDisabled();
  for (const name of ["b.webp", "c.webp", "d.webp"]) await page.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(page.getByTestId("composer-image")).toHaveCount(1);
  await expect(page.getByTestId("composer-input")).toBeFocused();

  // On the server: an image swapped for an executable on its way is refused with a 400 that says why, nothing
  // reaches Letta, and the text and the image are back in the composer.
  await page.route("**/api/chat/messages", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const body = JSON.parse(route.request().postData() ?? "{}") as { images?: Array<{ mediaType: string; data: string }> };
    body.images = body.images?.map((image) => ({ ...image, data: base64(elfExecutable()) }));
    await route.continue({ postData: JSON.stringify(body) });
  });
  const refused = page.waitForResponse((r) => r.url().endsWith("/api/chat/messages") && r.request().method() === "POST");
  await page.getByTestId("send-button").click();
  expect((await refused).status()).toBe(400);
  await expect(page.getByTestId("chat-error")).toContainText("The image is not a PNG, JPEG, WebP or GIF image.");
  await expect(page.getByTestId("composer-input")).toHaveValue("Keep these words");
  await expect(page.getByTestId("composer-image")).toHaveCount(1);
  await expect(questions(page)).toHaveCount(0);
  await expect(replies(page)).toHaveCount(0);

  // Without the tampering it goes through, image and all.
  await page.unroute("**/api/chat/messages");
  await page.getByTestId("send-button").click();
  await waitForReplies(page, 1);
  await expect(replies(page).first()).toContainText("I see 1 image: WEBP, 320×240");
  await expect(questions(page).first().getByTestId("message-image")).toHaveCount(1);
});

test("a 10 MB phone photo is scaled down in the browser, then sent under 5 MB", async ({ page, context, baseURL }) => {
  test.setTimeout(90_000); // drawing 12 million pixels of noise on a busy machine
  await signInContext(context, baseURL!);
  await openChat(page);
  // Drawn in the page (no big fixture): 4,032 × 3,024 px of noise as a JPEG, about 10 MB, pasted as a photo is.
  const size = await page.getByTestId("composer-input").evaluate(async (input) => {
    const [w, h] = [4032, 3024];
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext("2d")!;
    const pixels = g.createImageData(w, h);
    let seed = 7;
    for (let i = 0; i < pixels.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      pixels.data.set([seed & 255, (seed >> 8) & 255, (seed >> 16) & 255, 255], i);
    }
    g.putImageData(pixels, 0, 0);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/jpeg", 0.92));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], "IMG_0042.jpg", { type: "image/jpeg" }));
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    return blob.size;
  });
  expect(size).toBeGreaterThan(5 * 1024 * 1024);
  expect(size).toBeLessThan(25 * 1024 * 1024);
  await expect(page.getByTestId("composer-image")).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId("image-error")).toBeEmpty();

  const sent = page.waitForRequest((r) => r.url().endsWith("/api/chat/messages") && r.method() === "POST");
  await page.getByTestId("send-button").click();
  const body = JSON.parse((await sent).postData() ?? "{}") as { images: Array<{ mediaType: string; data: string }> };
  expect(body.images).toHaveLength(1);
  expect(body.images[0]!.mediaType).toBe("image/jpeg");
  expect(Buffer.from(body.images[0]!.data, "base64").length).toBeLessThanOrEqual(5 * 1024 * 1024);
  await waitForReplies(page, 1);
  await expect(replies(page).first()).toContainText("I see 1 image: JPEG, 2048×1536");
});

test("the send route refuses bad images with readable 400s, before Letta: nothing is stored", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const send = (images: unknown, text = "") =>
    page.request.post("/api/chat/messages", { data: { text, otid: crypto.randomUUID(), images } });
  const png = (bytes: Uint8Array) => ({ mediaType: "image/png", data: base64(bytes) });
  const cases: Array<[unknown, string]> = [
    [[png(elfExecutable())], "The image is not a PNG, JPEG, WebP or GIF image."],
    [[png(pngClaiming(50_000, 1))], "The image is too large (50,000 × 1 px); images can be at most 8,192 px on a side."],
    [[png(goodImages.png.bytes.subarray(0, 4000))], "The image could not be read: the file is damaged or incomplete."],
    [[{ mediaType: "image/gif", data: base64(goodImages.png.bytes) }], "The image is a PNG image but was sent as GIF."],
    [Array(5).fill(png(goodImages.png.bytes)), "You can attach at most 4 images to a message."],
    [[{ mediaType: "image/svg+xml", data: base64(goodImages.png.bytes) }], "Images must be PNG, JPEG, WebP or GIF."],
    [[png(oversizePng())], "Images can be at most 5 MB each."],
    [[], "Write a message first."],
  ];
  for (const [images, message] of cases) {
    const response = await send(images);
    expect(response.status(), message).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
  }
  expect((await historyOf(page)).filter((item) => item.kind === "user")).toEqual([]);
});
