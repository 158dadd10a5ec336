CREATE INDEX `sessions_requested` ON `sessions` (`requested_at`,`session_id`);--> statement-breakpoint
CREATE INDEX `sessions_dwallet` ON `sessions` (`dwallet_id`,`requested_at`,`session_id`);--> statement-breakpoint
CREATE INDEX `signatures_dwallet` ON `signatures` (`dwallet_id`,`requested_at`,`sign_id`);
