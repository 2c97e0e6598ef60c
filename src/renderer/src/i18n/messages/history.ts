import { messages } from './messages-type'

export const history = messages({}, {})
