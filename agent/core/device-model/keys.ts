// Named device-model keys ("Component.Variable[Instance]") the agent reads or reacts to; their definitions and defaults are in the catalogs.

/** Every key the agent reads by name; the catalogs (core-catalog, tariff-cost-catalog, web-payments-catalog) define them. */
export const DM = {
  // OCPPCommCtrlr (provisioning and the CSMS connection)
  HeartbeatInterval: 'OCPPCommCtrlr.HeartbeatInterval',
  MessageAttempts: 'OCPPCommCtrlr.MessageAttempts[TransactionEvent]',
  MessageAttemptInterval: 'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]',
  MessageTimeout: 'OCPPCommCtrlr.MessageTimeout[Default]',
  RetryBackOffWaitMinimum: 'OCPPCommCtrlr.RetryBackOffWaitMinimum',
  RetryBackOffRandomRange: 'OCPPCommCtrlr.RetryBackOffRandomRange',
  RetryBackOffRepeatTimes: 'OCPPCommCtrlr.RetryBackOffRepeatTimes',
  WebSocketPingInterval: 'OCPPCommCtrlr.WebSocketPingInterval',
  // SecurityCtrlr
  Identity: 'SecurityCtrlr.Identity',
  SecurityProfile: 'SecurityCtrlr.SecurityProfile',
  BasicAuthPassword: 'SecurityCtrlr.BasicAuthPassword',
  CertificateEntries: 'SecurityCtrlr.CertificateEntries',
  // ClockCtrlr
  TimeZone: 'ClockCtrlr.TimeZone',
  // DeviceDataCtrlr (how many items a device-model message may carry)
  ItemsPerGetVariables: 'DeviceDataCtrlr.ItemsPerMessage[GetVariables]',
  ItemsPerSetVariables: 'DeviceDataCtrlr.ItemsPerMessage[SetVariables]',
  ItemsPerGetReport: 'DeviceDataCtrlr.ItemsPerMessage[GetReport]',
  // TxCtrlr (transactions)
  TxStartPoint: 'TxCtrlr.TxStartPoint',
  TxStopPoint: 'TxCtrlr.TxStopPoint',
  EVConnectionTimeOut: 'TxCtrlr.EVConnectionTimeOut',
  StopTxOnEVSideDisconnect: 'TxCtrlr.StopTxOnEVSideDisconnect',
  StopTxOnInvalidId: 'TxCtrlr.StopTxOnInvalidId',
  TxBeforeAcceptedEnabled: 'TxCtrlr.TxBeforeAcceptedEnabled',
  // SampledDataCtrlr (meter values in transactions)
  TxStartedMeasurands: 'SampledDataCtrlr.TxStartedMeasurands',
  TxUpdatedMeasurands: 'SampledDataCtrlr.TxUpdatedMeasurands',
  TxEndedMeasurands: 'SampledDataCtrlr.TxEndedMeasurands',
  TxUpdatedInterval: 'SampledDataCtrlr.TxUpdatedInterval',
  TxEndedInterval: 'SampledDataCtrlr.TxEndedInterval',
  // AlignedDataCtrlr (clock-aligned meter values)
  AlignedDataEnabled: 'AlignedDataCtrlr.Enabled',
  AlignedDataInterval: 'AlignedDataCtrlr.Interval',
  AlignedDataMeasurands: 'AlignedDataCtrlr.Measurands',
  AlignedDataSendDuringIdle: 'AlignedDataCtrlr.SendDuringIdle',
  AlignedDataTxEndedMeasurands: 'AlignedDataCtrlr.TxEndedMeasurands',
  AlignedDataTxEndedInterval: 'AlignedDataCtrlr.TxEndedInterval',
  // TariffCostCtrlr (tariffs and cost)
  CostEnabled: 'TariffCostCtrlr.Enabled[Cost]',
  RunningCostEnabled: 'TariffCostCtrlr.Enabled[RunningCost]',
  CostInterval: 'TariffCostCtrlr.Interval[Cost]',
  HandleFailedTariff: 'TariffCostCtrlr.HandleFailedTariff[Tariff]',
  TariffProblem: 'TariffCostCtrlr.Problem',
  TariffCurrency: 'TariffCostCtrlr.Currency',
  TariffFallbackMessage: 'TariffCostCtrlr.TariffFallbackMessage',
  OfflineTariffFallbackMessage: 'TariffCostCtrlr.OfflineTariffFallbackMessage',
  TotalCostFallbackMessage: 'TariffCostCtrlr.TotalCostFallbackMessage',
} as const;

export type DmKey = (typeof DM)[keyof typeof DM];

/** The AlignedDataCtrlr component's key prefix (a change of any of its variables re-arms the clock). */
export const ALIGNED_DATA_PREFIX = 'AlignedDataCtrlr.';
