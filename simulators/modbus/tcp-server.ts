// Modbus TCP server (MBAP framing) for the simulators, serving a DeviceSet.

import { createServer, type Server, type Socket } from 'node:net';
import type { DeviceSet } from './device-set.js';
import { dispose } from './pdu-server.js';

export class ModbusTcpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly devices: DeviceSet) {}

  /** Listens on host:port (port 0 = any free port); resolves with the port. */
  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : port;
    return this.port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 7) {
        const length = buf.readUInt16BE(4);
        if (buf.readUInt16BE(2) !== 0 || length < 2 || length > 254) {
          socket.destroy(); // not Modbus: a real server drops the connection
          return;
        }
        if (buf.length < 6 + length) break;
        const header = buf.subarray(0, 7);
        const unit = header[6]!;
        const pdu = Buffer.from(buf.subarray(7, 6 + length));
        buf = buf.subarray(6 + length);
        this.devices.count(unit);
        const d = dispose(this.devices.devices.get(unit), pdu);
        if (d.reply === null || d.corruptCrc) continue; // no CRC on TCP: a corrupt reply is a lost one
        const out = Buffer.alloc(7 + d.reply.length);
        header.copy(out, 0, 0, 4);
        out.writeUInt16BE(d.reply.length + 1, 4);
        out[6] = unit;
        d.reply.copy(out, 7);
        const send = () => {
          if (!socket.destroyed) socket.write(out);
        };
        if (d.delayMs > 0) setTimeout(send, d.delayMs);
        else send();
      }
    });
  }
}
