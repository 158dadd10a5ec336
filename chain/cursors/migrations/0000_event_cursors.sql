CREATE TABLE `event_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`cursor` text NOT NULL
);
