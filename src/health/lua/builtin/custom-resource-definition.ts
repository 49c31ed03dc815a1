// Built-in Lua health for apiextensions.k8s.io/CustomResourceDefinition: established, names accepted, schema structural.
export const CUSTOM_RESOURCE_DEFINITION_HEALTH_LUA = String.raw`
local function unknown(why) return {status = "Unknown", message = "malformed object: " .. why} end
local WAITING = "Waiting for the CRD to be established"

local st = obj.status
if st == nil then return {status = "Progressing", message = WAITING} end
if type(st) ~= "table" then return unknown("status is not an object") end
local conditions = st.conditions
if conditions == nil then return {status = "Progressing", message = WAITING} end
if type(conditions) ~= "table" then return unknown("status.conditions is not a list") end

local byType = {}
for _, c in ipairs(conditions) do
  if type(c) ~= "table" then return unknown("status.conditions has an entry that is not an object") end
  if type(c.type) == "string" then byType[c.type] = c end
end

local function is(t, s)
  local c = byType[t]
  return c ~= nil and c.status == s, c and c.message or nil
end

local terminating, tmsg = is("Terminating", "True")
if terminating then return {status = "Progressing", message = tmsg or "CRD is being deleted"} end
local rejected, rmsg = is("NamesAccepted", "False")
if rejected then return {status = "Degraded", message = rmsg or "The CRD's names were not accepted"} end
local nonStructural, nmsg = is("NonStructuralSchema", "True")
if nonStructural then return {status = "Degraded", message = nmsg or "The CRD's schema is not structural"} end
local established = is("Established", "True")
if established then return {status = "Healthy"} end
local _, emsg = is("Established", "False")
return {status = "Progressing", message = emsg or WAITING}
`;
