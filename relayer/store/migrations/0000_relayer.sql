CREATE TABLE `batches` (
	`sequence` integer NOT NULL,
	`epoch` text NOT NULL,
	`digest` text NOT NULL,
	`batch` blob NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`sequence`, `epoch`, `digest`)
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`sequence` integer NOT NULL,
	`epoch` text NOT NULL,
	`digest` text NOT NULL,
	`signer` integer NOT NULL,
	`signature` blob NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`sequence`, `epoch`, `digest`, `signer`)
);
--> statement-breakpoint
CREATE TABLE `submissions` (
	`sequence` integer PRIMARY KEY NOT NULL,
	`epoch` text NOT NULL,
	`digest` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`tx_digest` text,
	`detail` text,
	`updated_at` integer NOT NULL
);
