import { Path, Svg } from '@react-pdf/renderer';
import QRCode from 'qrcode';

/** A QR code drawn as one vector path (crisp at any print size, no image to encode). */
export function QrCode({ value, size }: { value: string; size: number }) {
  const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  // One rectangle per horizontal run of dark modules: a third of the path of one square per module.
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!modules.get(x, y)) continue;
      let run = 1;
      while (x + run < n && modules.get(x + run, y)) run++;
      d += `M${x + 4} ${y + 4}h${run}v1h-${run}z`;
      x += run - 1;
    }
  }
  return (
    <Svg width={size} height={size} viewBox={`0 0 ${n + 8} ${n + 8}`}>
      <Path d={d} fill="#000000" />
    </Svg>
  );
}
