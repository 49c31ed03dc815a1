// Built-in Lua health for policy/PodDisruptionBudget: enough healthy pods to honour the budget, or not.
export const POD_DISRUPTION_BUDGET_HEALTH_LUA = String.raw`
local function unknown(why) return {status = "Unknown", message = "malformed object: " .. why} end

local st = obj.status
if st == nil then
  return {status = "Progressing", message = "Waiting for the disruption controller to report status"}
end
if type(st) ~= "table" then return unknown("status is not an object") end

for _, f in ipairs({"observedGeneration", "currentHealthy", "desiredHealthy", "expectedPods", "disruptionsAllowed"}) do
  if st[f] ~= nil and type(st[f]) ~= "number" then return unknown("status." .. f .. " is not a number") end
end
local conditions = st.conditions
if conditions ~= nil and type(conditions) ~= "table" then return unknown("status.conditions is not a list") end

local meta = obj.metadata
local generation = type(meta) == "table" and meta.generation or nil
if type(generation) == "number" and st.observedGeneration ~= nil and st.observedGeneration < generation then
  return {status = "Progressing", message = "Waiting for the disruption controller to observe the latest spec"}
end

for _, c in ipairs(conditions or {}) do
  if type(c) ~= "table" then return unknown("status.conditions has an entry that is not an object") end
  -- SyncFailed: the controller could not even count the pods (bad selector, missing scale subresource).
  if c.type == "DisruptionAllowed" and c.status == "False" and c.reason == "SyncFailed" then
    return {status = "Degraded", message = c.message or "The disruption controller failed to sync this budget"}
  end
end

local current, desired = st.currentHealthy, st.desiredHealthy
if current == nil or desired == nil then
  return {status = "Progressing", message = "Waiting for the disruption controller to count pods"}
end
if current < desired then
  return {status = "Degraded",
    message = current .. " healthy pods, the budget needs " .. desired .. "; no disruption is allowed"}
end
return {status = "Healthy",
  message = current .. " healthy pods, " .. (st.disruptionsAllowed or 0) .. " disruptions allowed"}
`;
