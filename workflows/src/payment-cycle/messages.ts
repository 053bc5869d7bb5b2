import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  CANCEL_PAYMENT_CYCLE_UPDATE,
  PAUSE_PAYMENT_CYCLE_UPDATE,
  PAYMENT_CYCLE_CONTROL_SIGNAL,
  PaymentCycleControl,
  PaymentCycleControlAck,
  PaymentCycleControlInput,
  PaymentCycleMemo,
  RESUME_PAYMENT_CYCLE_UPDATE,
} from '@eduaid/contracts';

/** Operators' controls (through the API), applied at the next batch boundary. */
export const pauseCycleUpdate = defineUpdate<PaymentCycleControlAck, [PaymentCycleControlInput]>(PAUSE_PAYMENT_CYCLE_UPDATE);
export const resumeCycleUpdate = defineUpdate<PaymentCycleControlAck, [PaymentCycleControlInput]>(RESUME_PAYMENT_CYCLE_UPDATE);
export const cancelCycleUpdate = defineUpdate<PaymentCycleControlAck, [PaymentCycleControlInput]>(CANCEL_PAYMENT_CYCLE_UPDATE);

/** The cycle tells its counties the controls' state. */
export const cycleControlSignal = defineSignal<[PaymentCycleControl]>(PAYMENT_CYCLE_CONTROL_SIGNAL);

/** Live detail for operators (the durable row is the record). */
export const cycleProgressQuery = defineQuery<PaymentCycleMemo>('progress');
