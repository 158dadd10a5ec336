-- The signed data of each transaction a sender submitted (BCS TransactionData and its signatures,
-- JSON array of base64), so that LedgerService/GetTransaction answers as a full node does. System
-- transactions (genesis, faucet, clock, upgrade) and those recorded before have none.
ALTER TABLE `transactions` ADD `bcs` blob;
--> statement-breakpoint
ALTER TABLE `transactions` ADD `signatures` text;
