CREATE TABLE "portal_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"user_name" text,
	"display_name" text,
	"online_access_disabled" boolean DEFAULT false NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"password_hash" text,
	"auth_failure_count" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"email_verified_at" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"invited_at" timestamp with time zone,
	"created_by_id" text,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "portal_users_email_key" ON "portal_users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "portal_users_user_name_key" ON "portal_users" USING btree (lower("user_name"));--> statement-breakpoint
CREATE INDEX "portal_users_email_trgm" ON "portal_users" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "portal_users_display_name_trgm" ON "portal_users" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "portal_users_user_name_trgm" ON "portal_users" USING gin ("user_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "portal_users_created_at_idx" ON "portal_users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "portal_users_email_sort_idx" ON "portal_users" USING btree ("email","id");