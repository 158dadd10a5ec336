CREATE TABLE "network_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"object_id" text NOT NULL,
	"requester" text NOT NULL,
	"epoch" text NOT NULL,
	"session_sequence" text NOT NULL,
	"request" text NOT NULL,
	"request_tx" text NOT NULL,
	"requested_at" bigint NOT NULL,
	"completed_tx" text,
	"completed_at" bigint,
	"result_sequence" text,
	"outcome" text,
	"reason_code" integer,
	"reason" text
);
