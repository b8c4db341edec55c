/**
 * A deterministic X12 850 interchange of about `targetBytes`: one ISA/GS, as many ST/SE purchase orders as fit,
 * each with BEG, REF, DTM, an N1 loop (ship-to with address), 1 to 12 PO1 lines with a PID, CTT; correct counts
 * and control numbers throughout, so every contender must accept all of it. Same size, same bytes, every run.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface GeneratedX12 {
  file: string;
  bytes: number;
  sets: number;
  lines: number;
}

/** A small linear congruential generator: the same file on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

const SKUS = ['TG-10001', 'TG-10002', 'TG-10003', 'TG-10004', 'TG-10005', 'TG-10006', 'TG-10008', 'TG-10009'];
const UNITS = ['CA', 'EA'];

export async function generate850(file: string, targetBytes: number): Promise<GeneratedX12> {
  const next = random(850);
  const out = createWriteStream(file);
  const control = '000000850';
  const header = `ISA*00*          *00*          *ZZ*ACMEHOSP       *ZZ*DISTGATEWAY    *261128*0905*U*00401*${control}*0*P*>~\nGS*PO*ACMEHOSP*DISTGATEWAY*20261128*0905*850*X*004010~\n`;
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(header);
  const trailerBytes = 40;
  let sets = 0;
  let lines = 0;
  while (bytes + trailerBytes < targetBytes) {
    sets += 1;
    const st02 = String(sets).padStart(9, '0');
    const segments = [
      `ST*850*${st02}`,
      `BEG*00*SA*BENCH-${st02}**20261128`,
      `REF*DP*${100 + Math.floor(next() * 800)}`,
      `DTM*002*20261215`,
      `N1*ST*ACME HOSPITALITY STORE ${Math.floor(next() * 500)}*92*${String(Math.floor(next() * 9999)).padStart(4, '0')}`,
      `N3*${Math.floor(next() * 9000) + 100} MAIN STREET`,
      `N4*SPRINGFIELD*IL*62701*US`,
    ];
    const count = 1 + Math.floor(next() * 12);
    for (let line = 1; line <= count; line += 1) {
      const sku = SKUS[Math.floor(next() * SKUS.length)] as string;
      const unit = UNITS[Math.floor(next() * UNITS.length)] as string;
      const quantity = 1 + Math.floor(next() * 40);
      const price = (1 + next() * 90).toFixed(2);
      segments.push(`PO1*${line}*${quantity}*${unit}*${price}**BP*ACME-${sku}*VP*${sku}`, `PID*F****NITRILE GLOVES BOX ${sku}`);
    }
    lines += count;
    segments.push(`CTT*${count}`);
    segments.push(`SE*${segments.length + 1}*${st02}`);
    await write(`${segments.join('~\n')}~\n`);
  }
  await write(`GE*${sets}*850~\nIEA*1*${control}~\n`);
  out.end();
  await once(out, 'finish');
  return { file, bytes, sets, lines };
}
