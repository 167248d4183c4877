// Sharing a public page on WeChat: its absolute address (PUBLIC_BASE_URL when the site sits behind a
// proxy, else the request's own origin) and a QR code of it as inline SVG, drawn on the server.
import QRCode from "qrcode";

export function publicUrl(request: Request, path: string): string {
  const configured = process.env.PUBLIC_BASE_URL?.replace(/\/+$/, "");
  const origin = configured && /^https?:\/\//.test(configured) ? configured : new URL(request.url).origin;
  return origin + path;
}

export async function shareFor(request: Request, path: string) {
  const url = publicUrl(request, path);
  const qrSvg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { url, qrSvg };
}
