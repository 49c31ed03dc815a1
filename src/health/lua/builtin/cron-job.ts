// Built-in Lua health for batch/CronJob: suspended, a job running, the last scheduled run failed, or fine.
export const CRON_JOB_HEALTH_LUA = String.raw`
local function unknown(why) return {status = "Unknown", message = "malformed object: " .. why} end

local spec = obj.spec
if spec ~= nil and type(spec) ~= "table" then return unknown("spec is not an object") end
if spec ~= nil and spec.suspend == true then
  return {status = "Suspended", message = "CronJob is suspended"}
end

local st = obj.status
if st == nil then return {status = "Healthy", message = "CronJob has not run yet"} end
if type(st) ~= "table" then return unknown("status is not an object") end

local active = st.active
if active ~= nil and type(active) ~= "table" then return unknown("status.active is not a list") end
if active ~= nil and #active > 0 then
  if #active == 1 then return {status = "Progressing", message = "1 job is running"} end
  return {status = "Progressing", message = #active .. " jobs are running"}
end

local scheduled, succeeded = st.lastScheduleTime, st.lastSuccessfulTime
if scheduled ~= nil and type(scheduled) ~= "string" then
  return unknown("status.lastScheduleTime is not a string")
end
if succeeded ~= nil and type(succeeded) ~= "string" then
  return unknown("status.lastSuccessfulTime is not a string")
end
if scheduled == nil then return {status = "Healthy", message = "CronJob has not run yet"} end
-- The API server writes both as RFC 3339 in UTC, so comparing the text compares the times.
if succeeded == nil or succeeded < scheduled then
  return {status = "Degraded", message = "The last job, scheduled at " .. scheduled .. ", did not succeed"}
end
return {status = "Healthy", message = "The last job succeeded at " .. succeeded}
`;
