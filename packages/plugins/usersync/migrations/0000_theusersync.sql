CREATE TABLE "theusersync" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "theusersync_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"queryno" integer,
	"username" text,
	"usertype" integer DEFAULT 4 NOT NULL,
	"userpwd" text,
	"onetimepwd" integer DEFAULT 0 NOT NULL,
	"conditionxml" text,
	"syncstate" integer DEFAULT 1 NOT NULL,
	"error" text,
	"pwd_hash" text,
	"processed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "theusersync_syncstate_check" CHECK ("theusersync"."syncstate" in (0, 1, 2, 3, 4)),
	CONSTRAINT "theusersync_onetimepwd_check" CHECK ("theusersync"."onetimepwd" in (0, 1))
);
--> statement-breakpoint
CREATE INDEX "theusersync_pending_idx" ON "theusersync" USING btree ("id") WHERE "theusersync"."syncstate" in (1, 2);--> statement-breakpoint
CREATE INDEX "theusersync_email_idx" ON "theusersync" USING btree (lower("email"));