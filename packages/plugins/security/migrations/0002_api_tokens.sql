CREATE TABLE "security_api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"privileges" jsonb,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "security_api_tokens" ADD CONSTRAINT "security_api_tokens_staff_user_id_security_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."security_staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "security_api_tokens_hash_key" ON "security_api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "security_api_tokens_user_idx" ON "security_api_tokens" USING btree ("staff_user_id");