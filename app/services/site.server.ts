// Who runs the site, for the footer of every page: the organizers (主办/承办) of the newest published
// competition and a contact phone. A competition's own contact fields are used once they exist;
// otherwise the deployment's configuration (SITE_CONTACT_NAME / SITE_CONTACT_PHONE), else the
// government service hotline 12345, which every district answers.
import type { DB } from "../../db/connection";

export interface SiteContact {
  host: string | null;
  operator: string | null;
  contactName: string | null;
  phone: string;
}

export const DEFAULT_CONTACT_PHONE = "12345";

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

export async function loadSiteContact(db: DB): Promise<SiteContact> {
  const row = (await db
    .selectFrom("competitions")
    .selectAll()
    .where("status", "=", "published")
    .orderBy("year", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  const phone = text(row?.contact_phone) ?? text(process.env.SITE_CONTACT_PHONE) ?? DEFAULT_CONTACT_PHONE;
  return {
    host: text(row?.host),
    operator: text(row?.operator),
    contactName: text(row?.contact_name) ?? text(process.env.SITE_CONTACT_NAME),
    phone: phone.replace(/[^\d+\-]/g, "") || DEFAULT_CONTACT_PHONE,
  };
}
