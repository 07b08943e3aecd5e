import { Canvas } from '@react-pdf/renderer';
import QRCode from 'qrcode';

/** Margin around the code, in modules: the quiet zone that the QR standard asks for. */
export const QUIET_ZONE = 4;

/**
 * The dark modules of a QR code as horizontal runs, one rectangle each: [x, y, length] in
 * modules, quiet zone included.
 */
export function qrRuns(value: string): { size: number; runs: [number, number, number][] } {
  const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const runs: [number, number, number][] = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!modules.get(x, y)) continue;
      let run = 1;
      while (x + run < n && modules.get(x + run, y)) run++;
      runs.push([x + QUIET_ZONE, y + QUIET_ZONE, run]);
      x += run - 1;
    }
  }
  return { size: n + 2 * QUIET_ZONE, runs };
}

/**
 * A QR code drawn as vector rectangles (crisp at any print size, no image to encode), straight
 * onto the page: an SVG path would be written out as text and parsed back by react-pdf on every
 * letter, which cost a twentieth of a batch.
 */
export function QrCode({ value, size }: { value: string; size: number }) {
  const { size: modules, runs } = qrRuns(value);
  return (
    <Canvas
      style={{ width: size, height: size }}
      paint={(painter) => {
        painter.scale(size / modules);
        for (const [x, y, run] of runs) painter.rect(x, y, run, 1);
        painter.fill('#000000');
        return null;
      }}
    />
  );
}
