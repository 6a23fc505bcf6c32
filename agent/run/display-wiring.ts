// Start-up wiring of the payment QR codes and the station display: rotation, web-payment state, display service, kiosk page, PNG screens.

import type { Logger } from 'pino';
import type { AgentConfig } from '../config/config-types.js';
import type { DeviceModel } from '../core/device-model/device-model.js';
import type { DisplayPrice } from '../core/display/display-state.js';
import { DisplayService, type DisplayEvse } from '../core/display/display-service.js';
import type { CsmsPriceInfo } from '../core/pricing/california-display.js';
import { QrRotation } from '../core/payments/qr-rotation.js';
import { ensureSharedSecret } from '../core/payments/web-payments-catalog.js';
import { WebPaymentState } from '../core/payments/web-payment-state.js';
import { KioskServer, type KioskServerOptions } from '../display/kiosk-server.js';
import { PngDisplayWriter } from '../display/png-writer.js';

export interface DisplayWiring {
  rotation: QrRotation;
  payments: WebPaymentState;
  display: DisplayService;
  kiosk: KioskServer | undefined;
  png: PngDisplayWriter | undefined;
  close(): Promise<void>;
}

export interface DisplayWiringOptions {
  config: AgentConfig;
  deviceModel: DeviceModel;
  evses: DisplayEvse[];
  price: (evseId: number) => DisplayPrice | undefined;
  runningCost?: (evseId: number) => number | undefined;
  /** TariffCostCtrlr.TotalCostFallbackMessage, read live. */
  totalCostFallback?: () => string | undefined;
  /** The CSMS's California pricing messages (1.6/2.0.1), preferred over the local tariff on the display. */
  csmsPrices?: CsmsPriceInfo;
  /** Local authorization (POST /authorize on the kiosk server). */
  onAuthorize?: KioskServerOptions['onAuthorize'];
  logger: Logger;
}

export async function startDisplay(o: DisplayWiringOptions): Promise<DisplayWiring> {
  const log = o.logger;
  const created = ensureSharedSecret(o.deviceModel, undefined, log);
  if (created.length > 0) log.info({ instances: created.length }, 'generated the web-payment shared secret (write-only)');
  const evseIds = o.config.evses.map((e) => e.id);
  const rotation = new QrRotation({ deviceModel: o.deviceModel, evseIds, identity: () => o.config.station.id, logger: log });
  const payments = new WebPaymentState({ evseIds, logger: log });
  const display = new DisplayService({
    evses: o.evses,
    rotation,
    payments,
    price: o.price,
    ...(o.runningCost ? { runningCost: o.runningCost } : {}),
    ...(o.totalCostFallback ? { totalCostFallback: o.totalCostFallback } : {}),
    ...(o.csmsPrices ? { csmsPrices: o.csmsPrices } : {}),
  });
  rotation.start();
  let kiosk: KioskServer | undefined;
  if (o.config.display.kioskPort > 0) {
    kiosk = new KioskServer({ source: display, port: o.config.display.kioskPort, logger: log, ...(o.onAuthorize ? { onAuthorize: o.onAuthorize } : {}) });
    try {
      await kiosk.listen();
      log.info({ url: kiosk.url }, 'kiosk page served');
    } catch (err) {
      log.error({ err, port: o.config.display.kioskPort }, 'cannot serve the kiosk page; the agent runs on without it');
      kiosk = undefined;
    }
  }
  let png: PngDisplayWriter | undefined;
  if (o.config.display.pngDir) {
    png = new PngDisplayWriter({ source: display, dir: o.config.display.pngDir, logger: log });
    await png.start();
  }
  return {
    rotation,
    payments,
    display,
    kiosk,
    png,
    async close() {
      rotation.stop();
      payments.close();
      display.close();
      await png?.stop();
      await kiosk?.close();
    },
  };
}
