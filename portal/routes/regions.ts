import express from 'express';
import { Op } from 'sequelize';
import { config } from '../../services/core/config.ts';
import { controlModels } from '../../services/core/models/control.ts';

// The regions of the platform and which tenants live in each. Platform admins see every tenant;
// other users see the tenants they are members of.
export function regionRoutes(): express.Router {
  const router = express.Router();

  router.get('/regions', async (req, res) => {
    const user = req.user!;
    const where = user.platformAdmin ? {} : { id: { [Op.in]: Object.keys(user.tenantRoles) } };
    const tenants = await controlModels().Tenant.findAll({ attributes: ['slug', 'name', 'region', 'status'], where, order: [['slug', 'ASC']] });
    const regions = config().regions.map((region) => {
      const members = tenants.filter((tenant) => tenant.region === region.name).map((tenant) => tenant.get({ plain: true }));
      return { name: region.name, tenantCount: members.length, tenants: members.slice(0, 50), more: Math.max(0, members.length - 50) };
    });
    res.render('regions/list', { title: 'Regions', regions });
  });

  return router;
}
