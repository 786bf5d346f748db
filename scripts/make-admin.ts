// Promote an account to admin: `npm run make-admin -- someone@example.com`.
// With no email, promotes the first account ever created, but only while the
// deployment has no admin yet (the bootstrap case).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

const email = process.argv[2]?.trim().toLowerCase();
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set. For the embedded dev database run `npm run dev` first, then:\n  DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres npm run make-admin -- <email>");
  process.exit(1);
}
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });

async function main(): Promise<string> {
  if (email) {
    const user = await db.user.findUnique({ where: { email } });
    if (!user) throw new Error(`No account with email ${email}.`);
    await db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
    return `${email} is now an admin.`;
  }
  if (await db.user.count({ where: { role: "ADMIN" } })) {
    throw new Error("An admin already exists. Name the account to promote: npm run make-admin -- <email>");
  }
  const first = await db.user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (!first) throw new Error("There are no accounts yet. Sign up first.");
  await db.user.update({ where: { id: first.id }, data: { role: "ADMIN" } });
  return `${first.email ?? first.id} (the first account) is now an admin.`;
}

main()
  .then((message) => console.log(message))
  .catch((error: Error) => { console.error(error.message); process.exitCode = 1; })
  .finally(() => db.$disconnect());
