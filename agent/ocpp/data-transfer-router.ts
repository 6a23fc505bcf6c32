// DataTransfer is one CALL shared by vendor extensions: each block registers the handler of its vendorId; any other is UnknownVendorId.

/** Routes a DataTransfer by vendorId (DNS names compare case-insensitively), MicroOcpp style. */
export class DataTransferRouter<Req extends { vendorId: string }, Res> {
  private readonly handlers = new Map<string, (req: Req) => Res>();

  constructor(private readonly unknownVendor: () => Res) {}

  register(vendorId: string, handler: (req: Req) => Res): void {
    const key = vendorId.toLowerCase();
    if (this.handlers.has(key)) throw new Error(`DataTransfer vendorId ${vendorId} registered twice`);
    this.handlers.set(key, handler);
  }

  handle(req: Req): Res {
    const handler = this.handlers.get(req.vendorId.toLowerCase());
    return handler ? handler(req) : this.unknownVendor();
  }
}
