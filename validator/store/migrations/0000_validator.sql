CREATE TABLE `requests` (
	`session_id` text PRIMARY KEY NOT NULL,
	`mpc_session_id` text,
	`kind` text NOT NULL,
	`session_sequence` integer NOT NULL,
	`tx_digest` text NOT NULL,
	`event_name` text NOT NULL,
	`event` blob NOT NULL,
	`result` blob,
	`result_at` integer,
	`batch_sequence` integer,
	`on_chain` integer DEFAULT false NOT NULL,
	`requested_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `requests_mpc_session` ON `requests` (`mpc_session_id`);
--> statement-breakpoint
CREATE INDEX `requests_ready` ON `requests` (`batch_sequence`,`on_chain`);
--> statement-breakpoint
CREATE TABLE `mpc_sessions` (
	`mpc_session_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`state` blob,
	`epoch` text NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	`outcome` text
);
--> statement-breakpoint
CREATE TABLE `inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mpc_session_id` text NOT NULL,
	`digest` text NOT NULL,
	`sender` integer NOT NULL,
	`envelope` blob NOT NULL,
	`handled` integer DEFAULT false NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_digest_unique` ON `inbox` (`digest`);
--> statement-breakpoint
CREATE INDEX `inbox_session` ON `inbox` (`mpc_session_id`);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mpc_session_id` text NOT NULL,
	`recipient` integer NOT NULL,
	`envelope` blob NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`recipient`,`next_attempt_at`);
--> statement-breakpoint
CREATE INDEX `outbox_session` ON `outbox` (`mpc_session_id`);
--> statement-breakpoint
CREATE TABLE `batches` (
	`sequence` integer PRIMARY KEY NOT NULL,
	`epoch` text NOT NULL,
	`batch` blob,
	`signature` blob,
	`decided_at` integer,
	`on_chain` integer DEFAULT false NOT NULL,
	`acked` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `consumed_presigns` (
	`presign` text PRIMARY KEY NOT NULL,
	`mpc_session_id` text NOT NULL,
	`consumed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `event_cursor` (
	`name` text PRIMARY KEY NOT NULL,
	`cursor` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
