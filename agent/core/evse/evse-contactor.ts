// One EVSE's contactor (closed only when authorized, EV ready, operative and safe) and the charging state it implies.

import type { ChargingState } from '../transactions/tx-types.js';
import type { EvseContext } from './evse-context.js';

/** Closes or opens the contactor to match the transaction, the vehicle, availability and safety. */
export async function updateContactor(ctx: EvseContext): Promise<void> {
  const tx = ctx.tx;
  const c = ctx.conditions();
  // TxStartPoint PowerPathClosed: an authorization waiting for its transaction closes the contactor; the transaction then starts (E01).
  const startsOnClose = tx === undefined && ctx.pending !== undefined && ctx.o.settings.txStartPoints().has('PowerPathClosed');
  const authorized = tx !== undefined ? tx.authorized && !tx.energyRefused : startsOnClose;
  const want = authorized && !ctx.limitReached && ctx.vehicleState === 'ready' && ctx.operative && ctx.o.safety.mayClose();
  if (want && !ctx.contactorClosed) {
    try {
      await ctx.o.safety.close(tx ? `transaction ${tx.transactionId} authorized and EV ready` : 'authorized and EV ready: the transaction starts on the closed power path');
      ctx.contactorClosed = true;
    } catch (err) {
      ctx.log.error({ err }, 'contactor did not close');
    }
  } else if (!want && ctx.contactorClosed) {
    const why = !c.evConnected ? 'EV disconnected' : ctx.vehicleState !== 'ready' ? 'EV not ready' : tx?.energyRefused ? 'idToken not valid (StopTxOnInvalidId false)' : 'transaction not authorized';
    await openContactor(ctx, why);
  }
}

/** Opens the contactor when closed (it counts as open at once, even if the command fails). */
export async function openContactor(ctx: EvseContext, reason: string): Promise<void> {
  if (!ctx.contactorClosed) return;
  ctx.contactorClosed = false;
  try {
    await ctx.o.safety.open(reason);
  } catch (err) {
    ctx.log.error({ err }, 'contactor did not open');
  }
}

/** Derives the charging state from vehicle, contactor and power; a change is reported (ChargingStateChanged). */
export function updateChargingState(ctx: EvseContext): void {
  const tx = ctx.tx;
  if (!tx) return;
  let next: ChargingState;
  const connected = ctx.vehicleConnected();
  const power = ctx.o.meter.latest()?.reading.powerW ?? 0;
  if (!connected) next = 'Idle';
  else if (ctx.contactorClosed) next = power > 0 || ctx.vehicleState === 'ready' ? 'Charging' : 'SuspendedEV';
  else if (tx.authorized && ctx.vehicleState === 'connected') next = 'SuspendedEV';
  else if (tx.authorized || tx.stopReason) next = 'SuspendedEVSE';
  else next = 'EVConnected';
  if (next !== tx.chargingState) {
    setChargingState(ctx, next);
    ctx.emitTx('Updated', 'ChargingStateChanged', {});
  }
}

/** Sets the charging state, accounting the time spent Charging. */
export function setChargingState(ctx: EvseContext, next: ChargingState): void {
  const tx = ctx.tx;
  if (!tx || tx.chargingState === next) return;
  const now = ctx.now();
  if (tx.chargingState === 'Charging' && tx.chargingSince !== undefined) {
    tx.chargingMs += now - tx.chargingSince;
    tx.chargingSince = undefined;
  }
  if (next === 'Charging') tx.chargingSince = now;
  tx.chargingState = next;
}
