-- Storage gas (chain/local/gas.ts): each object carries the rebate its storage earns back. Objects
-- written before storage was charged paid nothing for it, so they carry none.
ALTER TABLE `objects` ADD `storage_rebate` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Results recorded before then reported one gas number, all of it computation: they now report
-- Sui's four (computation, storage, rebate, non-refundable fee).
UPDATE `transactions` SET `result` = json_set(`result`, '$.gasUsed', json_object('computationCost', json_extract(`result`, '$.gasUsed'), 'storageCost', '0', 'storageRebate', '0', 'nonRefundableStorageFee', '0')) WHERE json_type(`result`, '$.gasUsed') = 'text';
