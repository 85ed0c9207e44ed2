CREATE TABLE "documents_assignment_conditions" (
	"id" serial PRIMARY KEY NOT NULL,
	"assignment_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"field_no" integer NOT NULL,
	"filter" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"query_no" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents_categories" (
	"ctgry_no" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents_fields" (
	"ctgry_no" integer NOT NULL,
	"field_no" integer NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"choices" jsonb,
	"required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "documents_fields_ctgry_no_field_no_pk" PRIMARY KEY("ctgry_no","field_no")
);
--> statement-breakpoint
CREATE TABLE "documents_file_contents" (
	"file_id" uuid PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents_search_columns" (
	"query_no" integer NOT NULL,
	"position" integer NOT NULL,
	"field_no" integer NOT NULL,
	CONSTRAINT "documents_search_columns_query_no_position_pk" PRIMARY KEY("query_no","position")
);
--> statement-breakpoint
CREATE TABLE "documents_searches" (
	"query_no" integer PRIMARY KEY NOT NULL,
	"ctgry_no" integer NOT NULL,
	"name" text NOT NULL,
	"sort_field_no" integer,
	"sort_dir" text DEFAULT 'asc' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents_upload_permissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"ctgry_no" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents_upload_values" (
	"permission_id" uuid NOT NULL,
	"field_no" integer NOT NULL,
	"value" text NOT NULL,
	"mode" text NOT NULL,
	CONSTRAINT "documents_upload_values_permission_id_field_no_pk" PRIMARY KEY("permission_id","field_no")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ctgry_no" integer NOT NULL,
	"index_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"uploaded_by_portal_user_id" uuid,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents_assignment_conditions" ADD CONSTRAINT "documents_assignment_conditions_assignment_id_documents_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."documents_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_assignments" ADD CONSTRAINT "documents_assignments_query_no_documents_searches_query_no_fk" FOREIGN KEY ("query_no") REFERENCES "public"."documents_searches"("query_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_fields" ADD CONSTRAINT "documents_fields_ctgry_no_documents_categories_ctgry_no_fk" FOREIGN KEY ("ctgry_no") REFERENCES "public"."documents_categories"("ctgry_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_file_contents" ADD CONSTRAINT "documents_file_contents_file_id_documents_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."documents_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_files" ADD CONSTRAINT "documents_files_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_search_columns" ADD CONSTRAINT "documents_search_columns_query_no_documents_searches_query_no_fk" FOREIGN KEY ("query_no") REFERENCES "public"."documents_searches"("query_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_searches" ADD CONSTRAINT "documents_searches_ctgry_no_documents_categories_ctgry_no_fk" FOREIGN KEY ("ctgry_no") REFERENCES "public"."documents_categories"("ctgry_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_upload_permissions" ADD CONSTRAINT "documents_upload_permissions_ctgry_no_documents_categories_ctgry_no_fk" FOREIGN KEY ("ctgry_no") REFERENCES "public"."documents_categories"("ctgry_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents_upload_values" ADD CONSTRAINT "documents_upload_values_permission_id_documents_upload_permissions_id_fk" FOREIGN KEY ("permission_id") REFERENCES "public"."documents_upload_permissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_ctgry_no_documents_categories_ctgry_no_fk" FOREIGN KEY ("ctgry_no") REFERENCES "public"."documents_categories"("ctgry_no") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_assignment_conditions_assignment_idx" ON "documents_assignment_conditions" USING btree ("assignment_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_assignments_user_query_key" ON "documents_assignments" USING btree ("portal_user_id","query_no");--> statement-breakpoint
CREATE INDEX "documents_files_document_idx" ON "documents_files" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_upload_permissions_user_ctgry_key" ON "documents_upload_permissions" USING btree ("portal_user_id","ctgry_no");--> statement-breakpoint
CREATE INDEX "documents_ctgry_idx" ON "documents" USING btree ("ctgry_no","id");--> statement-breakpoint
CREATE INDEX "documents_index_data_gin" ON "documents" USING gin ("index_data" jsonb_path_ops);