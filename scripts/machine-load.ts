/**
 * What the machine's processors did during a run: the share of their time that was busy, idle, and
 * stolen — taken by the hypervisor for the other tenants of the physical host while this machine had
 * work to give them. On the shared machines of these sessions the steal reaches 12 to 47 % at some
 * hours — one part of why the same code is slower then (the other, cores shared with other tenants,
 * shows only as more processor time per unit of work): a benchmark's figures and `npm test`'s
 * durations are printed with it (docs/BENCHMARKS.md). Linux only (/proc/stat); elsewhere, null.
 */
import fs from 'node:fs';

type Ticks = { busy: number; idle: number; steal: number };

function readTicks(): Ticks | null {
  let line: string;
  try {
    line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return null;
  }
  // « cpu user nice system idle iowait irq softirq steal guest guest_nice », every core summed
  // (guest time is already counted in user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  if (!Number.isFinite(steal)) return null;
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

export type MachineLoad = { occupe_pct: number; inactif_pct: number; vole_pct: number };

/** Starts watching; the function returned gives the shares since then (whole percents), or null. */
export function watchMachineLoad(): () => MachineLoad | null {
  const start = readTicks();
  return () => {
    const end = readTicks();
    if (!start || !end) return null;
    const busy = end.busy - start.busy;
    const idle = end.idle - start.idle;
    const steal = end.steal - start.steal;
    const total = busy + idle + steal;
    if (total <= 0) return null;
    const pct = (n: number) => Math.round((100 * n) / total);
    return { occupe_pct: pct(busy), inactif_pct: pct(idle), vole_pct: pct(steal) };
  };
}

/** « processeurs : occupés 91 %, inactifs 3 %, volés 6 % », or an empty string off Linux. */
export function describeMachineLoad(load: MachineLoad | null): string {
  return load
    ? `processeurs : occupés ${load.occupe_pct} %, inactifs ${load.inactif_pct} %, volés ${load.vole_pct} %`
    : '';
}
