/** Phase « merge agents »: the agents who direct schools (ENTEnsFonctionDir), and which schools. */
import type { ImportContext } from '@/lib/directory/import/context';
import { notSetAside } from '@/lib/directory/import/set-aside';

export async function mergeAgents({ client, mode, progress }: ImportContext): Promise<void> {
  progress('directeurs');
  await client.query(`
    insert into agent (aaf_id, email, last_name, first_name)
    select aaf_id, email, coalesce(last_name, ''), coalesce(first_name, '') from stg_agent
     where op = 'add' and email is not null and cardinality(dir_uais) > 0
    on conflict (aaf_id) do update set email = excluded.email, last_name = excluded.last_name,
      first_name = excluded.first_name, detached_at = null, updated_at = now()
    where (agent.email, agent.last_name, agent.first_name, agent.detached_at)
          is distinct from (excluded.email, excluded.last_name, excluded.first_name, null)`);
  await client.query(`
    update agent t set email = case when 'email' = any(s.attrs) and s.email is not null then s.email else t.email end,
      last_name = case when 'last_name' = any(s.attrs) then coalesce(s.last_name, t.last_name) else t.last_name end,
      first_name = case when 'first_name' = any(s.attrs) then coalesce(s.first_name, t.first_name)
                   else t.first_name end,
      detached_at = null, updated_at = now()
    from stg_agent s where s.op = 'modify' and s.aaf_id = t.aaf_id`);
  await client.query(`
    delete from agent_school x using agent a, stg_agent s
     where x.agent_id = a.id and a.aaf_id = s.aaf_id and (s.op = 'delete' or 'schools' = any(s.attrs))
       and not exists (select 1 from stg_agent w cross join lateral unnest(w.dir_uais) u(uai)
                         join school sc on sc.uai = u.uai
                        where w.aaf_id = a.aaf_id and w.op <> 'delete' and sc.id = x.school_id)`);
  await client.query(`
    insert into agent_school (agent_id, school_id)
    select a.id, sc.id from stg_agent s cross join lateral unnest(s.dir_uais) u(uai)
      join agent a on a.aaf_id = s.aaf_id join school sc on sc.uai = u.uai
     where s.op <> 'delete' and 'schools' = any(s.attrs)
    on conflict do nothing`);
  const gone =
    mode === 'complet'
      ? `a.detached_at is null and not exists (select 1 from stg_agent s
           where s.aaf_id = a.aaf_id and s.op <> 'delete' and cardinality(s.dir_uais) > 0)
         and ${notSetAside('PersEducNat', 'a.aaf_id')}`
      : `a.detached_at is null and exists (select 1 from stg_agent s where s.aaf_id = a.aaf_id and s.op = 'delete')`;
  await client.query(`delete from agent_school x using agent a where x.agent_id = a.id and ${gone}`);
  await client.query(`update agent a set detached_at = now(), updated_at = now() where ${gone}`);
}
