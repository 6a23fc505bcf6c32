// Web payments (QR codes): WebPaymentsCtrlr values are checked together before SetVariables sets one (URL template, TOTP settings).

import type { FunctionalBlock, StationContext } from '../context.js';
import { checkWebPaymentsValue, WEB_PAYMENTS_CTRLR } from './web-payment-settings.js';

export function webPaymentsBlock(ctx: StationContext): FunctionalBlock {
  return {
    name: 'web-payments',
    precheck: { component: WEB_PAYMENTS_CTRLR, check: (component, variable, value) => checkWebPaymentsValue(ctx.deviceModel, component, variable, value) },
  };
}
