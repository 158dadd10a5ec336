CREATE TABLE `encryption_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`curve` integer NOT NULL,
	`encryption_key` text NOT NULL,
	`state` text NOT NULL,
	`session_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `encryption_keys_owner` ON `encryption_keys` (`owner`,`curve`);
--> statement-breakpoint
CREATE TABLE `encrypted_shares` (
	`id` text PRIMARY KEY NOT NULL,
	`dwallet_id` text NOT NULL,
	`owner` text NOT NULL,
	`sender` text NOT NULL,
	`transfer` integer NOT NULL,
	`state` text NOT NULL,
	`session_id` text NOT NULL,
	`encrypted_share` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `encrypted_shares_dwallet` ON `encrypted_shares` (`dwallet_id`,`created_at`,`id`);
--> statement-breakpoint
CREATE INDEX `encrypted_shares_owner` ON `encrypted_shares` (`owner`,`created_at`,`id`);
--> statement-breakpoint
CREATE TABLE `__new_sessions` (
	`session_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`object_id` text NOT NULL,
	`dwallet_id` text,
	`requester` text NOT NULL,
	`network_key_id` text,
	`curve` integer NOT NULL,
	`epoch` text NOT NULL,
	`session_sequence` text NOT NULL,
	`fee` text NOT NULL,
	`request_tx` text NOT NULL,
	`requested_at` integer NOT NULL,
	`completed_tx` text,
	`completed_at` integer,
	`result_sequence` text,
	`reason_code` integer,
	`reason` text,
	`blamed` text,
	`algorithm` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_sessions` (`session_id`, `kind`, `status`, `object_id`, `dwallet_id`, `requester`, `network_key_id`, `curve`, `epoch`, `session_sequence`, `fee`, `request_tx`, `requested_at`, `completed_tx`, `completed_at`, `result_sequence`, `reason_code`, `reason`, `blamed`, `algorithm`) SELECT `session_id`, `kind`, `status`, `object_id`, `dwallet_id`, `requester`, `network_key_id`, `curve`, `epoch`, `session_sequence`, `fee`, `request_tx`, `requested_at`, `completed_tx`, `completed_at`, `result_sequence`, `reason_code`, `reason`, `blamed`, `algorithm` FROM `sessions`;
--> statement-breakpoint
DROP TABLE `sessions`;
--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;
--> statement-breakpoint
CREATE INDEX `sessions_object` ON `sessions` (`object_id`);
--> statement-breakpoint
CREATE INDEX `sessions_requested` ON `sessions` (`requested_at`,`session_id`);
--> statement-breakpoint
CREATE INDEX `sessions_dwallet` ON `sessions` (`dwallet_id`,`requested_at`,`session_id`);
