CREATE TABLE `indexer_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`cursor` text NOT NULL,
	`events_indexed` integer NOT NULL,
	`last_event_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `committees` (
	`epoch` text PRIMARY KEY NOT NULL,
	`threshold` text NOT NULL,
	`total_weight` text NOT NULL,
	`members` text NOT NULL,
	`tx_digest` text NOT NULL,
	`set_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `network_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`curves` text NOT NULL,
	`epoch` text NOT NULL,
	`key_commitment` text NOT NULL,
	`tx_digest` text NOT NULL,
	`registered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dwallets` (
	`id` text PRIMARY KEY NOT NULL,
	`cap_id` text NOT NULL,
	`owner` text NOT NULL,
	`curve` integer NOT NULL,
	`network_key_id` text NOT NULL,
	`imported` integer NOT NULL,
	`state` text NOT NULL,
	`output` text,
	`public_key` text,
	`session_id` text NOT NULL,
	`created_tx` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dwallets_owner` ON `dwallets` (`owner`,`id`);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`session_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`object_id` text NOT NULL,
	`dwallet_id` text,
	`requester` text NOT NULL,
	`network_key_id` text NOT NULL,
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
	`blamed` text
);
--> statement-breakpoint
CREATE INDEX `sessions_object` ON `sessions` (`object_id`);
--> statement-breakpoint
CREATE TABLE `presigns` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`network_key_id` text NOT NULL,
	`curve` integer NOT NULL,
	`dwallet_id` text,
	`requester` text NOT NULL,
	`state` text NOT NULL,
	`output` text,
	`claimed_by` text,
	`cap_id` text,
	`used_by` text,
	`requested_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `presigns_pool` ON `presigns` (`network_key_id`,`curve`,`state`);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`sign_id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`dwallet_id` text NOT NULL,
	`network_key_id` text NOT NULL,
	`curve` integer NOT NULL,
	`hash_scheme` integer NOT NULL,
	`message` text NOT NULL,
	`presign_id` text NOT NULL,
	`partial_signature_id` text,
	`status` text NOT NULL,
	`signature` text,
	`requested_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE TABLE `partial_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`dwallet_id` text NOT NULL,
	`network_key_id` text NOT NULL,
	`curve` integer NOT NULL,
	`hash_scheme` integer NOT NULL,
	`message` text NOT NULL,
	`presign_id` text NOT NULL,
	`status` text NOT NULL,
	`used_by_sign_id` text,
	`requested_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE TABLE `result_batches` (
	`sequence` text PRIMARY KEY NOT NULL,
	`epoch` text NOT NULL,
	`result_count` text NOT NULL,
	`signer_weight` text NOT NULL,
	`submitter` text NOT NULL,
	`fees_paid` text NOT NULL,
	`tx_digest` text NOT NULL,
	`processed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`object_id` text NOT NULL,
	`dwallet_id` text,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `results_session` ON `results` (`session_id`);
--> statement-breakpoint
CREATE TABLE `skipped_events` (
	`tx_digest` text NOT NULL,
	`event_seq` integer NOT NULL,
	`type` text NOT NULL,
	`error` text NOT NULL,
	`skipped_at` integer NOT NULL,
	PRIMARY KEY(`tx_digest`, `event_seq`)
);
