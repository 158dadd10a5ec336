CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `objects` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`digest` text NOT NULL,
	`type` text NOT NULL,
	`owner_kind` text NOT NULL,
	`owner` text NOT NULL,
	`bcs` blob NOT NULL,
	`previous_transaction` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `objects_owner` ON `objects` (`owner_kind`,`owner`);
--> statement-breakpoint
CREATE TABLE `table_entries` (
	`table_id` text NOT NULL,
	`key` text NOT NULL,
	`object_id` text NOT NULL,
	PRIMARY KEY(`table_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `transactions` (
	`sequence` integer PRIMARY KEY NOT NULL,
	`digest` text NOT NULL,
	`sender` text NOT NULL,
	`kind` text NOT NULL,
	`success` integer NOT NULL,
	`result` text NOT NULL,
	`timestamp_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_digest_unique` ON `transactions` (`digest`);
--> statement-breakpoint
CREATE TABLE `events` (
	`sequence` integer PRIMARY KEY NOT NULL,
	`tx_digest` text NOT NULL,
	`event_seq` integer NOT NULL,
	`checkpoint` integer NOT NULL,
	`timestamp_ms` integer NOT NULL,
	`package_id` text NOT NULL,
	`module` text NOT NULL,
	`sender` text NOT NULL,
	`type` text NOT NULL,
	`bcs` blob NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_tx` ON `events` (`tx_digest`,`event_seq`);
